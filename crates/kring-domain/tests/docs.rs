//! `docs/domain.md` prints the permission table, the read table, the phase table and the
//! rules; these tests fail when the document and the code disagree.

use kring_domain::*;

fn doc() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/domain.md")).unwrap()
}

/// The permission table as `docs/domain.md` prints it, from [`CommandKind::roles`].
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
    for kind in CommandKind::ALL {
        s += &format!("| `{}` |", kind.name());
        for r in Role::ALL {
            s += if kind.roles().contains(r) {
                " ✓ |"
            } else {
                "  |"
            };
        }
        s += "\n";
    }
    s
}

/// The phase table as `docs/domain.md` prints it, from [`CommandKind::phases`].
fn phase_table() -> String {
    let mut out = String::from("| command | phases |\n|---|---|\n");
    for kind in CommandKind::ALL {
        let phases = match kind.phases() {
            [] => "none: it opens the case".to_string(),
            p => p.iter().map(|p| p.code()).collect::<Vec<_>>().join(", "),
        };
        out += &format!("| `{}` | {phases} |\n", kind.name());
    }
    out
}

/// The read-permission table as `docs/domain.md` prints it, from [`Section::access`].
fn read_table() -> String {
    let mut s = String::from("| section |");
    for r in Role::ALL {
        s += &format!(" {} |", r.code());
    }
    s += "\n|---|";
    for _ in Role::ALL {
        s += "---|";
    }
    s += "\n";
    for section in Section::ALL {
        s += &format!("| `{}` |", section.code());
        for r in Role::ALL {
            s += match section.access(*r) {
                Access::All => " ✓ |",
                Access::Own => " own |",
                Access::Hidden => "  |",
            };
        }
        s += "\n";
    }
    s
}

#[test]
fn the_permission_table_in_the_docs_is_the_one_enforced() {
    let table = permission_table();
    if std::env::var_os("KRING_PRINT_TABLES").is_some() {
        println!("{table}\n{}\n{}", phase_table(), read_table());
    }
    assert!(
        doc().contains(&table),
        "docs/domain.md must contain exactly:\n{table}"
    );
}

#[test]
fn the_read_table_in_the_docs_is_the_one_enforced() {
    let table = read_table();
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
