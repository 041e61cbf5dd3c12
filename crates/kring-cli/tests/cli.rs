use std::process::Command;

fn kring(dir: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kring"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn demo_writes_the_default_store_and_a_second_run_adds_to_it() {
    let dir = std::env::temp_dir().join(format!("kring-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let _ = std::fs::remove_file(dir.join("kring-demo.kring"));

    let (ok, out, err) = kring(&dir, &["demo"]);
    assert!(ok, "{err}");
    for line in [
        "Phases",
        "requested",
        "follow_up",
        "closed",
        "identified widening_circle: 3",
        "condition: Daan does not live at home for at least six months.",
        "Monitors: Ruud Verhoef; convenes: Annie de Wit",
        "Plan version 2 — accepted",
        "next step close",
        "living_arrangement_within_network",
        "(created); 0 case(s) before this run, 1 now",
    ] {
        assert!(out.contains(line), "missing {line:?} in\n{out}");
    }
    assert!(dir.join("kring-demo.kring").exists());

    let (ok, out, err) = kring(&dir, &["demo"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("(opened); 1 case(s) before this run, 2 now"),
        "{out}"
    );
    let case = out
        .split("kring show kring-demo.kring ")
        .nth(1)
        .unwrap()
        .trim()
        .to_string();

    let (ok, out, _) = kring(&dir, &["verify", "kring-demo.kring"]);
    assert!(ok);
    assert!(out.contains("verified 2 cases"), "{out}");

    let (ok, out, _) = kring(&dir, &["show", "kring-demo.kring", &case]);
    assert!(ok);
    assert!(out.contains(&format!("Case {case}")), "{out}");

    let (ok, _, err) = kring(
        &dir,
        &[
            "show",
            "kring-demo.kring",
            "case_00000000000000000000000000",
        ],
    );
    assert!(!ok);
    assert!(err.contains("not found"), "{err}");
    let (ok, _, err) = kring(&dir, &["show", "kring-demo.kring", "not-an-id"]);
    assert!(!ok);
    assert!(err.contains("not a valid case id"), "{err}");
    std::fs::write(dir.join("junk.kring"), b"junk junk junk junk").unwrap();
    let (ok, _, err) = kring(&dir, &["verify", "junk.kring"]);
    assert!(!ok);
    assert!(err.contains("is not a kring store"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
