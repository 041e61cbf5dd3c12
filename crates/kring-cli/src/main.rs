//! The `kring` command: a demo of the whole lifecycle on an embedded store, and tools to
//! verify a store and show a case.

mod summary;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kring::{CaseId, Store};

/// The store `kring demo` writes when no path is given: a file in the working directory.
const DEFAULT_STORE: &str = "kring-demo.kring";

#[derive(Parser)]
#[command(
    name = "kring",
    version,
    about = "An embedded database for family group conferences"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Walk one (invented) case through its whole lifecycle into a store and show it.
    Demo {
        /// The store file; created if missing, added to if present.
        #[arg(long, default_value = DEFAULT_STORE)]
        store: PathBuf,
    },
    /// Replay every case of a store and check its state and indexes.
    Verify { path: PathBuf },
    /// Show one case of a store.
    Show { path: PathBuf, case: String },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kring: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    match cli.command {
        Cmd::Demo { store } => demo(&store),
        Cmd::Verify { path } => {
            let report = Store::open(&path)?.verify()?;
            println!(
                "{}: verified {} cases, {} events, {} index entries: every case replays to its stored state",
                path.display(),
                report.cases,
                report.events,
                report.index_entries
            );
            Ok(())
        }
        Cmd::Show { path, case } => {
            let id: CaseId = case.parse()?;
            let store = Store::open(&path)?;
            print!("{}", summary::render(&store.case(id)?));
            Ok(())
        }
    }
}

fn demo(path: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let existed = std::fs::metadata(path).is_ok_and(|m| m.len() > 0);
    let store = Store::builder().open_or_create(path)?;
    let before = store.len()?;
    // A fresh seed gives the same story new ids, so every run adds a case.
    let seed = store.new_id::<kring::domain::CaseTag>().as_u128() as u64;
    let (story, _) = kring_testkit::example::full_story_with(seed);
    store.transaction(|tx| {
        for e in &story.events {
            tx.execute(e.case, e.actor, e.at, e.command.clone())?;
        }
        Ok(())
    })?;
    // Everything below is read back from the store.
    let case = store.case(story.id)?;
    print!("{}", summary::render(&case));
    let history = store.history(story.id)?;
    let report = store.verify()?;
    println!();
    println!(
        "Store: {} ({}); {} case(s) before this run, {} now, {} events in all; this case has {} changes in its history.",
        std::fs::canonicalize(path)
            .unwrap_or(path.to_path_buf())
            .display(),
        if existed { "opened" } else { "created" },
        before,
        report.cases,
        report.events,
        history.len()
    );
    println!(
        "Verified: every case replays to its stored state. Show it again with: kring show {} {}",
        path.display(),
        story.id
    );
    Ok(())
}
