//! `docs/domain.md` prints the permission table, the read table, the phase table and the
//! rules; these tests fail when the document and the code disagree.

use kring_domain::*;

fn doc() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/domain.md")).unwrap()
}

/// A table with a row per item and a column per role, as `docs/domain.md` prints them.
fn role_table<T>(
    first: &str,
    rows: &[T],
    name: impl Fn(&T) -> String,
    cell: impl Fn(&T, Role) -> &'static str,
) -> String {
    let mut s = format!("| {first} |");
    for r in Role::ALL {
        s += &format!(" {} |", r.code());
    }
    s += "\n|---|";
    for _ in Role::ALL {
        s += "---|";
    }
    s += "\n";
    for row in rows {
        s += &format!("| `{}` |", name(row));
        for r in Role::ALL {
            s += &format!(" {} |", cell(row, *r));
        }
        s += "\n";
    }
    s
}

/// The permission table as `docs/domain.md` prints it, from [`CommandKind::roles`].
fn permission_table() -> String {
    role_table(
        "command",
        CommandKind::ALL,
        |k| k.name().to_string(),
        |k, r| if k.roles().contains(&r) { "✓" } else { "" },
    )
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
    role_table(
        "section",
        Section::ALL,
        |s| s.code().to_string(),
        |s, r| match s.access(r) {
            Access::All => "✓",
            Access::Own => "own",
            Access::Hidden => "",
        },
    )
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
