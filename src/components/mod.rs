pub mod bar_chart;
pub mod drop_zone;
pub mod file_list;
pub mod header;
pub mod overview;
pub mod reference;
pub mod tabs;
