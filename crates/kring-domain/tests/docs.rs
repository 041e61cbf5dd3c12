//! `docs/domain.md` prints the permission table, the phase table and the rules; these tests
//! fail when the document and the code disagree.

use kring_domain::permission::TABLE;
use kring_domain::*;

fn doc() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/domain.md")).unwrap()
}

/// The permission table as `docs/domain.md` prints it.
fn permission_table() -> String {
    let mut s = String::from("| command |");
    for r in Role::ALL {
        s += &format!(" {} |", r.code());
    }
    s += "\n|---|";
    for _ in Role::ALL {
        s += "---|";
    }
    s += "\n";
    for (command, roles) in TABLE {
        s += &format!("| `{command}` |");
        for r in Role::ALL {
            s += if roles.contains(r) { " ✓ |" } else { "  |" };
        }
        s += "\n";
    }
    s
}

/// The phase table, asking `allowed_phases` about one command of every kind.
fn phase_table() -> String {
    let mut seen = std::collections::BTreeMap::new();
    'outer: for seed in 0..1000u64 {
        let mut sim = kring_testkit::sim::Sim::new(seed);
        for i in 0..400u32 {
            let x = (seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
                ^ (i as u64).wrapping_mul(0xBF58_476D_1CE4_E5B9))
            .rotate_left(17);
            let (p, _) = sim.step(kring_testkit::sim::Input {
                kind: x as u8,
                a: (x >> 8) as u8,
                b: (x >> 16) as u8,
                mutate: 255,
                wait: (x >> 32) as u16,
            });
            seen.entry(p.command.name())
                .or_insert_with(|| allowed_phases(&p.command));
            if seen.len() == TABLE.len() {
                break 'outer;
            }
        }
    }
    assert_eq!(
        seen.len(),
        TABLE.len(),
        "the simulator proposes every command"
    );
    let mut out = String::from("| command | phases |\n|---|---|\n");
    for (command, _) in TABLE {
        let phases = match seen.get(command) {
            Some([]) => "none: it opens the case".to_string(),
            Some(p) => p.iter().map(|p| p.code()).collect::<Vec<_>>().join(", "),
            None => continue,
        };
        out += &format!("| `{command}` | {phases} |\n");
    }
    out
}

#[test]
fn the_permission_table_in_the_docs_is_the_one_enforced() {
    let table = permission_table();
    if std::env::var_os("KRING_PRINT_TABLES").is_some() {
        println!("{table}\n{}", phase_table());
    }
    assert!(
        doc().contains(&table),
        "docs/domain.md must contain exactly:\n{table}"
    );
}

#[test]
fn the_phase_table_in_the_docs_is_the_one_enforced() {
    let table = phase_table();
    assert!(
        doc().contains(&table),
        "docs/domain.md must contain exactly:\n{table}"
    );
}

#[test]
fn every_rule_is_documented_with_its_code() {
    let doc = doc();
    for rule in Rule::ALL {
        assert!(
            doc.contains(&format!("`{}`", rule.code())),
            "rule {} is not in docs/domain.md",
            rule.code()
        );
    }
    for code in [
        "rule_violation",
        "permission_denied",
        "not_found",
        "invalid_input",
    ] {
        assert!(
            doc.contains(code),
            "error code {code} is not in docs/domain.md"
        );
    }
}

#[test]
fn the_limits_table_matches_the_code() {
    let doc = doc();
    let thousands = |n: usize| {
        let s = n.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    for (name, limit) in kring_domain::limits::ALL {
        let row = format!("| {name} | {} |", thousands(*limit));
        assert!(doc.contains(&row), "docs/domain.md lacks the row {row}");
    }
}
