use std::process::Command;

fn kring(dir: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kring"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    // Run without a terminal: no progress bar, no escape code on standard error.
    assert!(
        !stderr.contains('\x1b'),
        "kring {args:?} wrote escape codes: {stderr:?}"
    );
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        stderr,
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

/// An older store reads but takes no writes; `kring upgrade` writes a backup, converts it,
/// and then it takes writes. The backup keeps the old format.
#[test]
fn upgrade_converts_an_older_store_after_a_backup() {
    let dir = std::env::temp_dir().join(format!("kring-cli-upgrade-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = dir.join("old.kring");
    let backup = dir.join("old.kring.format-2.backup");
    let _ = std::fs::remove_file(&backup);
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/golden/format-v2.kring"
        ),
        &store,
    )
    .unwrap();
    let (ok, out, err) = kring(&dir, &["verify", "old.kring"]);
    assert!(ok, "{err}");
    assert!(out.contains("verified"), "{out}");
    assert!(
        err.contains("checked 0 of"),
        "verify reports progress: {err}"
    );
    let (ok, _, err) = kring(&dir, &["demo", "--store", "old.kring"]);
    assert!(!ok);
    assert!(err.contains("upgrade the store first"), "{err}");

    let (ok, out, err) = kring(&dir, &["upgrade", "old.kring"]);
    assert!(ok, "{err}");
    assert!(out.contains("backup of format 2 written to"), "{out}");
    assert!(
        out.contains(&format!(
            "upgraded from format 2 to {}",
            kring::FORMAT_VERSION
        )),
        "{out}"
    );
    assert!(err.contains("converted"), "progress is reported: {err}");
    // Compacted after the check, and measured closed: the file is the size it prints, no
    // larger than the upgrade left it. (A store this small shrinks on closing anyway; on
    // 100,000 cases compacting takes the file from 4,097 MiB to 2,400: docs/format.md.)
    let kib = std::fs::metadata(&store).unwrap().len().div_ceil(1 << 10);
    let before = out
        .split_once(&format!("; compacted to {kib} KiB ("))
        .and_then(|(_, rest)| rest.split_once(" KiB before)"))
        .and_then(|(n, _)| n.parse::<u64>().ok());
    assert!(before.is_some_and(|b| b >= kib), "{kib} KiB: {out}");
    assert_eq!(kring::Store::open(&backup).unwrap().format_version(), 2);
    let (ok, out, _) = kring(&dir, &["upgrade", "old.kring"]);
    assert!(ok);
    assert!(
        out.contains(&format!("already format {}", kring::FORMAT_VERSION)),
        "{out}"
    );
    // The upgraded store writes through its log, beside it.
    assert!(dir.join("old.kring.wal").exists());
    let (ok, _, err) = kring(&dir, &["demo", "--store", "old.kring"]);
    assert!(ok, "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn erase_removes_a_person_from_the_store_file() {
    let dir = std::env::temp_dir().join(format!("kring-cli-erase-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (ok, _, err) = kring(&dir, &["demo", "--store", "s.kring"]);
    assert!(ok, "{err}");
    let path = dir.join("s.kring");
    let name = "Annie de Wit";
    let (case, grandmother) = {
        let store = kring::Store::open(&path).unwrap();
        let case = store.query(&Default::default()).unwrap()[0];
        let state = store.case(case).unwrap();
        let (id, _) = state
            .network
            .iter()
            .find(|(_, m)| m.person.name == name)
            .unwrap();
        (case, *id)
    };
    let holds = |bytes: &[u8]| bytes.windows(name.len()).any(|w| w == name.as_bytes());
    assert!(
        holds(&std::fs::read(&path).unwrap()),
        "the name is in the file before"
    );

    let (ok, _, err) = kring(&dir, &["erase", "s.kring", &grandmother.to_string()]);
    assert!(!ok, "a ground is required");
    assert!(err.contains("--ground"), "{err}");
    let (ok, out, err) = kring(
        &dir,
        &[
            "erase",
            "s.kring",
            &grandmother.to_string(),
            "--ground",
            "At her request (AVG article 17).",
        ],
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("erased") && out.contains(&case.to_string()),
        "{out}"
    );
    assert!(!out.contains(name) && !err.contains(name));
    for file in ["s.kring", "s.kring.wal"] {
        assert!(!holds(&std::fs::read(dir.join(file)).unwrap()), "{file}");
    }
    let store = kring::Store::open(&path).unwrap();
    assert_eq!(
        store.case(case).unwrap().network[&grandmother].person.name,
        kring::domain::erasure::ERASED
    );
    drop(store);
    let (ok, _, err) = kring(
        &dir,
        &["erase", "s.kring", "person_nonsense", "--ground", "x"],
    );
    assert!(!ok);
    assert!(err.contains("not a valid person id"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn access_log_exports_json_lines_per_case_and_per_person() {
    let dir = std::env::temp_dir().join(format!("kring-cli-access-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (ok, _, err) = kring(&dir, &["demo", "--store", "s.kring"]);
    assert!(ok, "{err}");
    let (case, coordinator) = {
        let store = kring::Store::open(dir.join("s.kring")).unwrap();
        let case = store.query(&Default::default()).unwrap()[0];
        let state = store.case(case).unwrap();
        let coordinator = kring::domain::Actor::new(
            state.coordinator.unwrap().coordinator.person.id,
            kring::domain::Role::Coordinator,
        );
        store.case_for(case, &coordinator).unwrap();
        (case, coordinator)
    };
    let (ok, out, err) = kring(&dir, &["access-log", "s.kring", &case.to_string()]);
    assert!(ok, "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() > 10, "{out}");
    assert_eq!(lines[0]["what"], "request_conference");
    let last = lines.last().unwrap();
    assert_eq!(last["what"], "case_for");
    assert_eq!(last["actor"]["person"], coordinator.person.to_string());
    let person = coordinator.person.to_string();
    let (ok, out, err) = kring(&dir, &["access-log", "s.kring", "--person", &person]);
    assert!(ok, "{err}");
    assert!(out.lines().all(|l| l.contains(&person)) && out.contains("case_for"));
    let (ok, _, err) = kring(&dir, &["access-log", "s.kring"]);
    assert!(!ok && err.contains("name a case"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The cases of `exported` (case files, one per line) as `store` exports them.
fn export_the_same_cases(dir: &std::path::Path, exported: &str, store: &str) -> String {
    let cases: Vec<String> = exported
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["case"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut args = vec!["export", store];
    args.extend(cases.iter().map(String::as_str));
    let (ok, out, err) = kring(dir, &args);
    assert!(ok, "{err}");
    out
}

#[test]
fn export_and_import_move_cases_between_stores_as_json_lines() {
    let dir = std::env::temp_dir().join(format!("kring-cli-interchange-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for store in ["a.kring", "a.kring", "b.kring"] {
        let (ok, _, err) = kring(&dir, &["demo", "--store", store]);
        assert!(ok, "{err}");
    }
    let (ok, exported, err) = kring(&dir, &["export", "a.kring"]);
    assert!(ok, "{err}");
    assert_eq!(exported.lines().count(), 2);
    std::fs::write(dir.join("cases.jsonl"), &exported).unwrap();
    let (ok, out, err) = kring(&dir, &["import", "b.kring", "cases.jsonl"]);
    assert!(ok, "{err}");
    assert!(out.contains("imported 2 case file(s)"), "{out}");
    // Again: nothing added.
    let (ok, out, err) = kring(&dir, &["import", "b.kring", "cases.jsonl"]);
    assert!(ok, "{err}");
    assert!(out.contains("0 event(s) added\n"), "{out}");
    // The copies export as the same lines.
    assert_eq!(export_the_same_cases(&dir, &exported, "b.kring"), exported);
    // A truncated line is refused, naming the line; the store is unchanged.
    let first = exported.lines().next().unwrap();
    std::fs::write(dir.join("bad.jsonl"), &first[..first.len() / 2]).unwrap();
    let (ok, _, err) = kring(&dir, &["import", "b.kring", "bad.jsonl"]);
    assert!(
        !ok && err.contains("line 1") && err.contains("invalid_input"),
        "{err}"
    );
    let (ok, out, _) = kring(&dir, &["verify", "b.kring"]);
    assert!(ok && out.contains("verified 3 cases"), "{out}");

    // Scoped to the professional who asked for the first case: that case's view, logged.
    let full: serde_json::Value = serde_json::from_str(first).unwrap();
    let (case, asker) = (
        full["case"].as_str().unwrap(),
        full["events"][0]["event"]["actor"]["person"]
            .as_str()
            .unwrap(),
    );
    let (ok, scoped, err) = kring(
        &dir,
        &[
            "export",
            "a.kring",
            case,
            "--for",
            asker,
            "--role",
            "professional",
        ],
    );
    assert!(ok, "{err}");
    let scoped: serde_json::Value = serde_json::from_str(&scoped).unwrap();
    assert_eq!(scoped["disclosure"], "scoped");
    assert_eq!(scoped["view"]["reader"]["person"], asker);
    assert!(scoped.get("events").is_none());
    let (_, log, _) = kring(&dir, &["access-log", "a.kring", case]);
    assert!(log.contains("\"what\":\"case_for\""), "{log}");
    // Pseudonymised with a key from a file: no name, no id of the case.
    std::fs::write(dir.join("key"), b"0123456789abcdefghijklmnopqrstuv").unwrap();
    let (ok, pseudonymised, err) = kring(&dir, &["export", "a.kring", "--key-file", "key"]);
    assert!(ok, "{err}");
    assert_eq!(pseudonymised.lines().count(), 2);
    assert!(!pseudonymised.contains(case) && !pseudonymised.contains("Daan"));
    assert!(pseudonymised.contains("\"disclosure\":\"pseudonymised\""));
    // Neither imports.
    std::fs::write(dir.join("pseudonymised.jsonl"), &pseudonymised).unwrap();
    let (ok, _, err) = kring(&dir, &["import", "b.kring", "pseudonymised.jsonl"]);
    assert!(
        !ok && err.contains("only a full case file imports"),
        "{err}"
    );
    // A weak key is refused.
    std::fs::write(dir.join("weak"), [0u8; 32]).unwrap();
    let (ok, _, err) = kring(&dir, &["export", "a.kring", "--key-file", "weak"]);
    assert!(!ok && err.contains("key"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn feed_piped_into_follow_keeps_a_second_store_in_step() {
    let dir = std::env::temp_dir().join(format!("kring-cli-follow-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for store in ["a.kring", "a.kring", "b.kring"] {
        let (ok, _, err) = kring(&dir, &["demo", "--store", store]);
        assert!(ok, "{err}");
    }
    let kring_bin = env!("CARGO_BIN_EXE_kring");
    let pipe = |after: &str| {
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "set -o pipefail; '{kring_bin}' feed a.kring --after {after} | '{kring_bin}' follow b.kring"
            ))
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let out = pipe("0");
    assert!(out.contains("event(s) added, 0 passed over"), "{out}");
    // Again: everything is passed over, nothing added.
    let out = pipe("0");
    assert!(out.contains(": 0 event(s) added"), "{out}");
    // The origin writes on; the follower takes what is new.
    let (ok, _, err) = kring(&dir, &["demo", "--store", "a.kring"]);
    assert!(ok, "{err}");
    let out = pipe("0");
    assert!(!out.contains(": 0 event(s) added"), "{out}");
    let (_, a, _) = kring(&dir, &["export", "a.kring"]);
    assert_eq!(export_the_same_cases(&dir, &a, "b.kring"), a);
    // The follower's cursor is the origin's last sequence number.
    let (_, feed, _) = kring(&dir, &["feed", "a.kring"]);
    let last: serde_json::Value = serde_json::from_str(feed.lines().last().unwrap()).unwrap();
    let (ok, cursor, err) = kring(
        &dir,
        &["cursor", "b.kring", last["store"].as_str().unwrap()],
    );
    assert!(ok, "{err}");
    assert_eq!(cursor.trim(), last["seq"].to_string());
    // Every line of the feed is one JSON object of the documented shape.
    let (_, feed, _) = kring(&dir, &["feed", "a.kring", "--limit", "3"]);
    let lines: Vec<serde_json::Value> = feed
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    for (n, l) in lines.iter().enumerate() {
        assert_eq!(l["kring_feed"], 1);
        assert_eq!(l["seq"], n as u64 + 1);
        assert!(l["event"]["command"].is_object() || l["event"]["command"].is_string());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_erasure_at_the_holder_reaches_a_follower_and_leaves_its_file() {
    let dir = std::env::temp_dir().join(format!("kring-cli-erase-follow-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (ok, _, err) = kring(&dir, &["demo", "--store", "a.kring"]);
    assert!(ok, "{err}");
    let follow = |dir: &std::path::Path| {
        let (ok, feed, err) = kring(dir, &["feed", "a.kring"]);
        assert!(ok, "{err}");
        std::fs::write(dir.join("feed.jsonl"), feed).unwrap();
        let (ok, out, err) = kring(dir, &["follow", "b.kring", "feed.jsonl"]);
        assert!(ok, "{err}");
        out
    };
    let name = "Annie de Wit";
    let holds = |bytes: &[u8]| bytes.windows(name.len()).any(|w| w == name.as_bytes());
    let out = follow(&dir);
    assert!(!out.contains("erasure"), "{out}");
    assert!(holds(&std::fs::read(dir.join("b.kring")).unwrap()));
    let grandmother = {
        let store = kring::Store::open(dir.join("a.kring")).unwrap();
        let case = store.query(&Default::default()).unwrap()[0];
        let state = store.case(case).unwrap();
        *state
            .network
            .iter()
            .find(|(_, m)| m.person.name == name)
            .unwrap()
            .0
    };
    let (ok, _, err) = kring(
        &dir,
        &[
            "erase",
            "a.kring",
            &grandmother.to_string(),
            "--ground",
            "At her request.",
        ],
    );
    assert!(ok, "{err}");
    let out = follow(&dir);
    assert!(
        out.contains("took 1 erasure(s) from the holder; compacted"),
        "{out}"
    );
    assert!(!holds(&std::fs::read(dir.join("b.kring")).unwrap()));
    let (ok, out, err) = kring(&dir, &["verify", "b.kring"]);
    assert!(ok && out.contains("verified 1 cases"), "{out}{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn plan_and_map_print_a_case_for_people_to_read() {
    let dir = std::env::temp_dir().join(format!("kring-cli-documents-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (ok, _, err) = kring(&dir, &["demo", "--store", "s.kring"]);
    assert!(ok, "{err}");
    let (case, uncle) = {
        let store = kring::Store::open(dir.join("s.kring")).unwrap();
        let case = store.query(&Default::default()).unwrap()[0];
        let state = store.case(case).unwrap();
        let uncle = state.latest_plan().unwrap().content.monitors[0];
        (case.to_string(), uncle.to_string())
    };
    // The plan, in Dutch on standard output and in English to a file.
    let (ok, nl, err) = kring(&dir, &["plan", "s.kring", &case]);
    assert!(ok, "{err}");
    assert!(nl.starts_with("<!DOCTYPE html>") && nl.contains("<html lang=\"nl\""));
    assert!(nl.contains("Daan lives with"), "the agreements are in it");
    let (ok, _, err) = kring(
        &dir,
        &[
            "plan",
            "s.kring",
            &case,
            "--lang",
            "en",
            "--version",
            "1",
            "--out",
            "plan.html",
        ],
    );
    assert!(ok, "{err}");
    let en = std::fs::read_to_string(dir.join("plan.html")).unwrap();
    assert!(en.contains("<html lang=\"en\"") && en != nl);
    // Printed for the uncle, and his read is in the access log.
    let (ok, _, err) = kring(
        &dir,
        &[
            "plan",
            "s.kring",
            &case,
            "--for",
            &uncle,
            "--role",
            "network_member",
        ],
    );
    assert!(ok, "{err}");
    let (_, log, _) = kring(&dir, &["access-log", "s.kring", &case]);
    assert!(log.contains(&uncle) && log.contains("case_for"), "{log}");
    // The map.
    let (ok, _, err) = kring(
        &dir,
        &["map", "s.kring", &case, "--lang", "en", "--out", "map.svg"],
    );
    assert!(ok, "{err}");
    let svg = std::fs::read_to_string(dir.join("map.svg")).unwrap();
    assert!(
        svg.starts_with("<svg") || svg.starts_with("<?xml"),
        "{}",
        &svg[..80]
    );
    assert!(svg.contains("Ruud Verhoef"));
    // Bad input: a language the documents do not speak, a stranger, an unknown version.
    let (ok, _, err) = kring(&dir, &["plan", "s.kring", &case, "--lang", "de"]);
    assert!(!ok && err.contains("lang"), "{err}");
    let stranger = "person_00000000000000000000000007";
    let (ok, _, err) = kring(
        &dir,
        &[
            "map",
            "s.kring",
            &case,
            "--for",
            stranger,
            "--role",
            "network_member",
        ],
    );
    assert!(!ok && err.contains("permission"), "{err}");
    let (ok, _, err) = kring(&dir, &["plan", "s.kring", &case, "--version", "9"]);
    assert!(!ok && err.contains('9'), "{err}");
    // The case as a FHIR bundle, one line per case.
    let (ok, out, err) = kring(&dir, &["fhir", "s.kring"]);
    assert!(ok, "{err}");
    let bundle: serde_json::Value = serde_json::from_str(out.trim_end()).unwrap();
    assert_eq!(bundle["resourceType"], "Bundle");
    assert!(bundle["entry"].as_array().unwrap().len() > 20);
    let (ok, one, err) = kring(&dir, &["fhir", "s.kring", &case, "--out", "bundle.json"]);
    assert!(ok && one.is_empty(), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("bundle.json")).unwrap(),
        out
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `kring ARGS` in `dir` with `stdin` on standard input: (success, stdout, stderr), as bytes.
fn kring_with_input(
    dir: &std::path::Path,
    args: &[&str],
    stdin: &[u8],
) -> (bool, Vec<u8>, Vec<u8>) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kring"))
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || input.write_all(&stdin));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    (out.status.success(), out.stdout, out.stderr)
}

/// Every long job, run without a terminal, writes on standard output exactly what it writes
/// with --quiet (no bar, no progress text mixed into the JSON Lines), and nothing on standard
/// error but the plain lines it always printed: no escape code.
#[test]
fn progress_stays_off_standard_output_and_off_a_pipe() {
    let root = std::env::temp_dir().join(format!("kring-cli-progress-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (plain, quiet) = (root.join("plain"), root.join("quiet"));
    std::fs::create_dir_all(&plain).unwrap();
    for _ in 0..2 {
        let (ok, _, err) = kring(&plain, &["demo", "--store", "a.kring"]);
        assert!(ok, "{err}");
    }
    let (ok, feed, err) = kring(&plain, &["feed", "a.kring"]);
    assert!(ok, "{err}");
    std::fs::write(plain.join("feed.jsonl"), &feed).unwrap();
    let (ok, exported, err) = kring(&plain, &["export", "a.kring"]);
    assert!(ok, "{err}");
    std::fs::write(plain.join("cases.jsonl"), &exported).unwrap();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/golden/format-v2.kring"
        ),
        plain.join("old.kring"),
    )
    .unwrap();
    // The same files in a second directory, for the same runs with --quiet.
    std::fs::create_dir_all(&quiet).unwrap();
    for f in ["a.kring", "feed.jsonl", "cases.jsonl", "old.kring"] {
        std::fs::copy(plain.join(f), quiet.join(f)).unwrap();
    }
    let runs: &[(&[&str], &[u8])] = &[
        (&["export", "a.kring"], b""),
        (&["verify", "a.kring"], b""),
        (&["import", "b.kring", "cases.jsonl"], b""),
        (&["import", "c.kring"], exported.as_bytes()),
        (&["follow", "d.kring", "feed.jsonl"], b""),
        (&["follow", "e.kring"], feed.as_bytes()),
        (&["fhir", "a.kring"], b""),
        (&["upgrade", "old.kring"], b""),
        (&["verify", "old.kring"], b""),
    ];
    for (args, stdin) in runs {
        let (ok, out, err) = kring_with_input(&plain, args, stdin);
        let err = String::from_utf8(err).unwrap();
        assert!(ok, "{args:?}: {err}");
        assert!(
            !err.contains('\x1b'),
            "{args:?} wrote escape codes: {err:?}"
        );
        let mut quiet_args = vec!["--quiet"];
        quiet_args.extend_from_slice(args);
        let (ok, quiet_out, quiet_err) = kring_with_input(&quiet, &quiet_args, stdin);
        assert!(ok, "{args:?}: {}", String::from_utf8_lossy(&quiet_err));
        assert!(
            quiet_err.is_empty(),
            "--quiet {args:?}: {}",
            String::from_utf8_lossy(&quiet_err)
        );
        assert!(!out.is_empty(), "{args:?}");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            String::from_utf8(quiet_out).unwrap(),
            "{args:?}: standard output is the same with and without --quiet"
        );
        // Only the lines printed before the bars came, on standard error.
        match args[0] {
            "verify" => assert!(
                err.lines().skip(1).all(|l| l.starts_with("checked "))
                    && err.contains("checked 0 of"),
                "{err}"
            ),
            "upgrade" => assert!(
                err.lines().all(|l| l.starts_with("converted ")) && err.contains("converted"),
                "{err}"
            ),
            _ => assert!(err.is_empty(), "{args:?}: {err}"),
        }
    }
    // The export written before is the export now; the copies export as the origin does.
    let (_, again, _) = kring(&plain, &["export", "a.kring"]);
    assert_eq!(again, exported);
    for store in ["b.kring", "c.kring", "d.kring", "e.kring"] {
        assert_eq!(export_the_same_cases(&plain, &exported, store), exported);
    }
    // `-q` is --quiet, after the command too.
    let (ok, _, err) = kring(&plain, &["verify", "a.kring", "-q"]);
    assert!(ok && err.is_empty(), "{err}");
    let _ = std::fs::remove_dir_all(&root);
}

/// `script` of util-linux, to run a command under a pseudo-terminal; None (with the reason
/// printed) when there is none.
fn script() -> Option<&'static str> {
    let version = Command::new("script").arg("--version").output();
    match version {
        Ok(out) if String::from_utf8_lossy(&out.stdout).contains("util-linux") => Some("script"),
        _ => {
            eprintln!("skipped: no util-linux `script` to run kring under a pseudo-terminal");
            None
        }
    }
}

/// `command` (a shell command line) under a pseudo-terminal in `dir`, with TERM=`term`:
/// everything written on the terminal. None (with the reason printed) when no terminal can
/// be made here.
fn under_a_terminal(dir: &std::path::Path, command: &str, term: &str) -> Option<String> {
    let script = script()?;
    let out = Command::new(script)
        .args(["-qec", command, "/dev/null"])
        .current_dir(dir)
        .env("TERM", term)
        .env_remove("NO_COLOR")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        if err.contains("openpty") || err.contains("pseudo") || err.contains("pty") {
            eprintln!("skipped: `script` could not make a pseudo-terminal: {err}");
            return None;
        }
        panic!("{command}: {text}{err}");
    }
    Some(text)
}

/// Under a terminal, the long jobs draw a bar on standard error, named after the command,
/// and still write on standard output exactly what they write without one; with --quiet or
/// TERM=dumb, no bar and no escape code.
#[test]
fn a_terminal_shows_a_bar_on_standard_error() {
    let dir = std::env::temp_dir().join(format!("kring-cli-pty-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for _ in 0..2 {
        let (ok, _, err) = kring(&dir, &["demo", "--store", "a.kring"]);
        assert!(ok, "{err}");
    }
    let (_, exported, _) = kring(&dir, &["export", "a.kring"]);
    let bin = env!("CARGO_BIN_EXE_kring");
    let Some(screen) = under_a_terminal(&dir, &format!("'{bin}' verify a.kring"), "xterm") else {
        return;
    };
    assert!(
        screen.contains("\x1b["),
        "escape codes draw the bar: {screen:?}"
    );
    assert!(screen.contains("kring verify: ["), "{screen:?}");
    assert!(screen.contains("2/2 cases"), "{screen:?}");
    // The plain final lines stay.
    assert!(screen.contains("checked 2 of 2 cases"), "{screen:?}");
    assert!(screen.contains("a.kring: verified 2 cases"), "{screen:?}");

    // Standard output to a file, standard error to the terminal: a bar, and the same lines.
    let screen = under_a_terminal(
        &dir,
        &format!("'{bin}' export a.kring > out.jsonl && '{bin}' import b.kring out.jsonl > imported.txt && '{bin}' feed a.kring > feed.jsonl && '{bin}' follow c.kring feed.jsonl > /dev/null && '{bin}' feed a.kring | '{bin}' follow d.kring > followed.txt"),
        "xterm",
    )
    .unwrap();
    assert!(screen.contains("kring export: ["), "{screen:?}");
    assert!(screen.contains("2/2 cases"), "{screen:?}");
    assert!(screen.contains("kring import: ["), "{screen:?}");
    assert!(screen.contains("kring follow: "), "{screen:?}");
    assert!(screen.contains("feed entries read: "), "{screen:?}");
    assert_eq!(
        std::fs::read_to_string(dir.join("out.jsonl")).unwrap(),
        exported
    );
    let imported = std::fs::read_to_string(dir.join("imported.txt")).unwrap();
    assert!(
        !imported.contains('\x1b')
            && imported.ends_with("b.kring: imported 2 case file(s), 70 event(s) added\n"),
        "{imported:?}"
    );
    let followed = std::fs::read_to_string(dir.join("followed.txt")).unwrap();
    assert!(
        !followed.contains('\x1b') && followed.contains("passed over"),
        "{followed:?}"
    );
    // No name in a bar.
    assert!(
        !screen.contains("Annie") && !screen.contains("Daan"),
        "{screen:?}"
    );

    // Quiet, or a terminal that cannot draw: nothing but the lines.
    for (command, term) in [
        (format!("'{bin}' --quiet verify a.kring"), "xterm"),
        (format!("'{bin}' export a.kring -q > quiet.jsonl"), "xterm"),
        (format!("'{bin}' verify a.kring"), "dumb"),
    ] {
        let screen = under_a_terminal(&dir, &command, term).unwrap();
        assert!(!screen.contains('\x1b'), "{command} ({term}): {screen:?}");
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("quiet.jsonl")).unwrap(),
        exported
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `kring measures` gives, for every query of `tests/conformance/measures.json`, the
/// measures Rust, Python and Node give (the file's), from a store file holding the same
/// generated cases; and refuses bad options, naming them.
#[test]
fn measures_print_the_numbers_every_language_gives() {
    let dir = std::env::temp_dir().join(format!("kring-cli-measures-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let golden: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/conformance/measures.json"
        ))
        .unwrap(),
    )
    .unwrap();
    {
        // The cases `generate` writes, as Python, Node and the conformance golden have them.
        let store = kring::Store::create(dir.join("s.kring")).unwrap();
        let (seed, count) = (golden["seed"].as_u64(), golden["cases"].as_u64());
        kring_testkit::generate(&store, seed.unwrap(), count.unwrap()).unwrap();
    }
    std::fs::write(dir.join("key"), golden["key"].as_str().unwrap()).unwrap();
    let queries = golden["queries"].as_array().unwrap();
    assert!(queries.len() >= 8);
    for q in queries {
        let mut args = vec!["measures", "s.kring", "--group-by"];
        args.push(q["group_by"].as_str().unwrap());
        if q["identifying"] == true {
            args.push("--identifying");
        } else {
            args.extend(["--key-file", "key"]);
        }
        for option in ["from", "to"] {
            if let Some(day) = q[option].as_str() {
                args.extend([if option == "from" { "--from" } else { "--to" }, day]);
            }
        }
        let (ok, out, err) = kring(&dir, &args);
        assert!(ok, "{args:?}: {err}");
        let got: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(got == q["measures"], "{args:?} differs from the file");
    }
    for (args, named) in [
        (
            &["--identifying", "--group-by", "municipality"][..],
            "group_by",
        ),
        (&["--identifying", "--from", "2016-02-30"], "from"),
        (
            &[
                "--identifying",
                "--from",
                "2016-02-01",
                "--to",
                "2016-01-01",
            ],
            "period",
        ),
        (&[], "key"),
    ] {
        let (ok, out, err) = kring(&dir, &[&["measures", "s.kring"][..], args].concat());
        assert!(
            !ok && out.is_empty() && err.contains(named),
            "{args:?}: {err}"
        );
    }
    std::fs::write(dir.join("weak"), [7u8; 32]).unwrap();
    let (ok, _, err) = kring(&dir, &["measures", "s.kring", "--key-file", "weak"]);
    assert!(!ok && err.contains("weak key"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every file under `dir`, relative to it, with its bytes, sorted.
fn files_under(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    fn walk(
        dir: &std::path::Path,
        base: &std::path::Path,
        out: &mut Vec<(std::path::PathBuf, Vec<u8>)>,
    ) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, base, out);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path.strip_prefix(base).unwrap().to_path_buf(), bytes));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[test]
fn export_parquet_writes_the_dataset_the_api_writes() {
    let dir = std::env::temp_dir().join(format!("kring-cli-parquet-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let key = *b"research key c1 research key c1 ";
    std::fs::write(dir.join("key"), key).unwrap();
    {
        let store = kring::Store::create(dir.join("s.kring")).unwrap();
        kring_testkit::generate(&store, 4, 40).unwrap();
    }
    let (ok, out, err) = kring(
        &dir,
        &[
            "export",
            "s.kring",
            "--parquet",
            "data",
            "--key-file",
            "key",
            "--organisation",
            "north",
        ],
    );
    assert!(ok, "{err}");
    assert!(err.is_empty(), "no progress without a terminal: {err:?}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.contains("wrote 40 cases as organisation north"),
        "{out}"
    );
    assert!(out.contains("Parquet files under data"), "{out}");
    let written = files_under(&dir.join("data"));
    assert!(
        written.iter().any(|(f, _)| f
            == std::path::Path::new("cases/organisation=north/year=2016/part-00000.parquet")),
        "{:?}",
        written.iter().map(|(f, _)| f).collect::<Vec<_>>()
    );
    // The same files as the API writes, byte for byte; the default organisation is the
    // store's pseudonym.
    {
        let store = kring::Store::open(dir.join("s.kring")).unwrap();
        let d = kring_research::Disclosure::pseudonymised(key).unwrap();
        kring_research::write_parquet(&store, dir.join("api"), &d, Some("north")).unwrap();
        assert!(
            written == files_under(&dir.join("api")),
            "the CLI and the API differ"
        );
        let own = kring_research::write_parquet(&store, dir.join("own"), &d, None).unwrap();
        drop(store);
        let (ok, out, err) = kring(
            &dir,
            &[
                "--quiet",
                "export",
                "s.kring",
                "--parquet",
                "data",
                "--key-file",
                "key",
            ],
        );
        assert!(ok && err.is_empty(), "{err}");
        assert!(
            out.contains(&format!("as organisation {}:", own.organisation)),
            "{out}"
        );
        assert!(
            own.organisation.starts_with("store_"),
            "{}",
            own.organisation
        );
    }
    for (args, says) in [
        (&["--parquet", "data"][..], "--parquet needs --key-file"),
        (
            &[
                "--parquet",
                "data",
                "--key-file",
                "key",
                "--organisation",
                "North",
            ],
            "lowercase letter",
        ),
        (
            &[
                "--parquet",
                "data",
                "--key-file",
                "key",
                "--organisation",
                "a/b",
            ],
            "organisation",
        ),
        (&["--parquet", "data", "--key-file", "missing"], "missing"),
        (
            &["--organisation", "north", "--key-file", "key"],
            "--parquet",
        ),
        (
            &[
                "--parquet",
                "data",
                "--key-file",
                "key",
                "--for",
                "x",
                "--role",
                "coordinator",
            ],
            "--for",
        ),
    ] {
        let (ok, out, err) = kring(&dir, &[&["export", "s.kring"][..], args].concat());
        assert!(
            !ok && out.is_empty() && err.contains(says),
            "{args:?}: {err}"
        );
    }
    // A refused export wrote nothing: north's files are as they were.
    let after = files_under(&dir.join("data"));
    for (f, bytes) in &written {
        assert!(
            after.iter().any(|(g, b)| g == f && b == bytes),
            "{}",
            f.display()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `kring report` writes the report the API writes from the same store: pseudonymised with
/// --key-file or everything with --identifying, to --out or standard output; a spinner on a
/// terminal only, nothing with --quiet; bad options refused before anything is written.
#[test]
fn report_writes_the_measures_as_a_page_with_charts() {
    let dir = std::env::temp_dir().join(format!("kring-cli-report-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = kring::Store::create(dir.join("s.kring")).unwrap();
    kring_testkit::generate(&store, 5, 120).unwrap();
    let key = *b"a cli report key of 32 bytes ok!";
    std::fs::write(dir.join("key"), key).unwrap();
    let query = kring_research::measures::MeasureQuery {
        group_by: kring_research::measures::GroupBy::Variant,
        ..Default::default()
    };
    let disclosure = kring_research::Disclosure::pseudonymised(key).unwrap();
    let measures = kring_research::measures::store_measures(&store, &query, &disclosure).unwrap();
    drop(store);

    let (ok, out, err) = kring(
        &dir,
        &[
            "report",
            "s.kring",
            "--key-file",
            "key",
            "--group-by",
            "variant",
            "--lang",
            "en",
            "--out",
            "r.html",
        ],
    );
    assert!(ok && out.is_empty() && err.is_empty(), "{out}{err}");
    let html = std::fs::read_to_string(dir.join("r.html")).unwrap();
    // The API's report of the same store, made today.
    let options = kring_documents::ReportOptions {
        lang: kring_documents::Lang::En,
        made_on: Some(chrono::Utc::now().date_naive()),
    };
    assert_eq!(
        html,
        kring_documents::report_html(&measures, &options).unwrap()
    );
    assert!(html.contains("This report is pseudonymised."), "{html}");
    assert!(html.matches("<svg").count() >= 5);
    // Identifying, in Dutch, on standard output; quiet writes nothing on standard error.
    let (ok, out, err) = kring(
        &dir,
        &[
            "--quiet",
            "report",
            "s.kring",
            "--identifying",
            "--from",
            "2020-01-01",
        ],
    );
    assert!(ok && err.is_empty(), "{err}");
    assert!(out.starts_with("<!DOCTYPE html>") && out.contains("<html lang=\"nl\">"));
    assert!(out.contains("Deze rapportage is herleidbaar"));
    assert!(out.contains("<dd>vanaf 1 januari 2020</dd>"));

    // Refused, naming what is wrong, before a report is written.
    for (args, named) in [
        (&["--out", "x.html"][..], "key"),
        (
            &["--identifying", "--key-file", "key"],
            "cannot be used with",
        ),
        (&["--identifying", "--group-by", "town"], "group_by"),
        (&["--identifying", "--from", "2016-02-30"], "from"),
        (
            &[
                "--identifying",
                "--from",
                "2020-01-01",
                "--to",
                "2019-01-01",
            ],
            "period",
        ),
        (&["--identifying", "--lang", "de"], "lang"),
        (&["--key-file", "missing"], "missing"),
    ] {
        let (ok, out, err) = kring(&dir, &[&["report", "s.kring"][..], args].concat());
        assert!(
            !ok && out.is_empty() && err.contains(named),
            "{args:?}: {err}"
        );
    }
    assert!(!dir.join("x.html").exists());
    std::fs::write(dir.join("weak"), [7u8; 32]).unwrap();
    let (ok, _, err) = kring(&dir, &["report", "s.kring", "--key-file", "weak"]);
    assert!(!ok && err.contains("key"), "{err}");
    let (ok, _, err) = kring(&dir, &["report", "none.kring", "--identifying"]);
    assert!(!ok && !err.is_empty());

    // On a terminal: a spinner named after the command while the measures are computed.
    let bin = env!("CARGO_BIN_EXE_kring");
    if let Some(screen) = under_a_terminal(
        &dir,
        &format!("'{bin}' report s.kring --identifying --out t.html"),
        "xterm",
    ) {
        assert!(screen.contains("kring report: "), "{screen:?}");
        assert!(screen.contains("computing the measures"), "{screen:?}");
        let screen = under_a_terminal(
            &dir,
            &format!("'{bin}' report s.kring --identifying -q --out q.html"),
            "xterm",
        )
        .unwrap();
        assert!(!screen.contains('\x1b'), "{screen:?}");
        assert!(dir.join("t.html").exists() && dir.join("q.html").exists());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--trust-clean-close` opens a cleanly closed file without checking every page: a file
/// damaged in one case's pages is refused by the default open, and read by the trusting one
/// up to the damaged case; `verify` checks every page whatever the flag.
#[test]
fn trust_clean_close_opens_without_checking_every_page() {
    let dir = std::env::temp_dir().join(format!("kring-cli-trust-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // An invented description, stored as written in the first case's state and events.
    let marker = "Qzyx Merkteken van de proef";
    let mut ids = Vec::new();
    {
        let store = kring::Store::create(dir.join("s.kring")).unwrap();
        for seed in [1, 2] {
            let (story, _) = kring_testkit::example::full_story_with(seed);
            for e in &story.events {
                let mut command = e.command.clone();
                if let (1, kring::domain::Command::RequestConference(r)) = (seed, &mut command) {
                    r.description = marker.into();
                }
                store.execute(e.case, e.actor, e.at, command).unwrap();
            }
            ids.push(story.id.to_string());
        }
    }
    let (damaged, intact) = (ids[0].as_str(), ids[1].as_str());
    for args in [
        &["show", "s.kring", damaged][..],
        &["show", "s.kring", intact, "--trust-clean-close"],
    ] {
        let (ok, _, err) = kring(&dir, args);
        assert!(ok, "{args:?}: {err}");
    }

    // Every copy of the description made invalid UTF-8.
    let mut bytes = std::fs::read(dir.join("s.kring")).unwrap();
    let mut copies = 0;
    for at in 0..bytes.len().saturating_sub(marker.len()) {
        if bytes[at..].starts_with(marker.as_bytes()) {
            bytes[at] = 0xFF;
            copies += 1;
        }
    }
    assert!(copies > 0);
    std::fs::write(dir.join("s.kring"), &bytes).unwrap();

    let (ok, _, err) = kring(&dir, &["show", "s.kring", intact]);
    assert!(
        !ok && err.contains("corrupted"),
        "the default open checks every page: {err}"
    );
    let (ok, out, err) = kring(&dir, &["show", "s.kring", intact, "--trust-clean-close"]);
    assert!(ok && out.contains(intact), "{err}");
    let (ok, _, err) = kring(&dir, &["--trust-clean-close", "show", "s.kring", damaged]);
    assert!(!ok && err.contains("corrupted"), "{err}");
    let (ok, _, err) = kring(&dir, &["verify", "s.kring", "--trust-clean-close"]);
    assert!(!ok && err.contains("corrupted"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
