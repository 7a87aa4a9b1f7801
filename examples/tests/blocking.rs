//! The blocking example (the sans-IO pair with ureq, no async runtime in the program) walks
//! its calls against the emulator.

use std::process::Command;

#[test]
fn the_blocking_example_runs_without_an_async_runtime() {
    let out = Command::new(env!("CARGO_BIN_EXE_blocking")).env_remove("EVOVOICE_BASE_URL").output().expect("the example runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "exit {:?}\n{stdout}\n{}", out.status, String::from_utf8_lossy(&out.stderr));
    for step in ["created ", "(Blocking chat)", "fetched ", "listed ", "a missing session is a typed error: HTTP 404 NotFound"] {
        assert!(stdout.contains(step), "missing {step:?} in:\n{stdout}");
    }
}
