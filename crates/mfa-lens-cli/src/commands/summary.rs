use std::path::PathBuf;

pub fn run(_files: &[PathBuf], _pretty: bool) -> Result<(), String> {
    Err("summary: not built yet (engine issue)".into())
}
