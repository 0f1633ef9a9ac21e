//! The report's only stylesheet, inlined in its `<head>`.
//!
//! Light colours whatever the reader's theme (a report is printed and
//! forwarded, and should look the same to everyone), the page's Okabe–Ito
//! hues (`styles/main.css`) so outcomes stay apart with colour-vision
//! deficiency, and every coloured mark is beside its word and count. The
//! print rules keep a section's heading with what follows it and never cut a
//! card, a chart or a table row across two pages.

/// The Okabe–Ito hues the charts draw with, as in `styles/main.css`.
pub const OK: &str = "#009e73";
pub const BAD: &str = "#d55e00";
pub const WARN: &str = "#e69f00";
pub const NONE: &str = "#999999";
pub const ACCENT: &str = "#0072b2";

pub const CSS: &str = r#"
:root { color-scheme: light; }
body { margin: 0 auto; max-width: 960px; padding: 24px; background: #fff; color: #1b1f24;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 15px; line-height: 1.5; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 32px 0 8px; border-bottom: 2px solid #d0d7de; padding-bottom: 4px; }
h3 { font-size: 1.05rem; margin: 20px 0 6px; }
.muted, .note { color: #57606a; }
.note { font-size: 0.875rem; }
.privacy { border-left: 6px solid #0072b2; background: #f5f6f8; padding: 8px 12px; font-weight: 600; }
.privacy--personal { border-left-color: #d55e00; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 0.875rem; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #d0d7de; vertical-align: top;
  overflow-wrap: anywhere; }
th { background: #f5f6f8; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.tiles { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
.tile { border: 1px solid #d0d7de; border-left: 6px solid var(--tone, #d0d7de); border-radius: 6px;
  padding: 6px 10px; min-width: 130px; }
.tile__value { font-size: 1.3rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.tile__note { color: #57606a; font-size: 0.8rem; }
.tone--ok { --tone: #009e73; } .tone--bad { --tone: #d55e00; } .tone--warn { --tone: #e69f00; }
.chart { margin: 8px 0 12px; }
.chart svg { max-width: 100%; height: auto; }
.card { border: 1px solid #d0d7de; border-left: 6px solid var(--tone, #d0d7de); border-radius: 6px;
  padding: 8px 12px; margin: 10px 0; }
.severity { display: inline-block; font-weight: 700; border: 1px solid currentColor; border-radius: 4px;
  padding: 0 6px; margin-right: 6px; }
.severity--high { color: #a84600; } .severity--medium { color: #8a5a00; } .severity--info { color: #005d91; }
.more { color: #57606a; font-style: italic; }
ul { margin: 4px 0; padding-left: 22px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  h2 { break-before: auto; }
  /* Sections run over pages; what must not be cut is what they hold. */
  .card, .chart, .tiles, .tile, tr, li, .privacy { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
"#;
