pub fn run(_query: &str) -> Result<(), String> {
    Err("explain: not built yet (engine issue)".into())
}
