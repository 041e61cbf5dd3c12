//! The `kring` command: a demo of the whole lifecycle on an embedded store, and tools to
//! verify a store and show a case.

mod progress;
mod summary;

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use kring::domain::StoreId;
use kring::domain::{Actor, PersonId, Role};
use kring::{CaseFile, CaseId, FeedEntry, Store};
use progress::Progress;

/// mimalloc, as in the Python and Node bindings: reading a store decodes every case, about a
/// hundred small allocations each, and the research measures of 100,000 stored cases took
/// half again as long with the system allocator (`docs/benchmarks.md`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The store `kring demo` writes when no path is given: a file in the working directory.
const DEFAULT_STORE: &str = "kring-demo.kring";

#[derive(Parser)]
#[command(
    name = "kring",
    version,
    about = "An embedded database for family group conferences"
)]
struct Cli {
    /// No progress on standard error: no bars, no progress lines (results and errors still
    /// print). Bars are drawn only when standard error is a terminal.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Open a store file that was closed cleanly in milliseconds, checking only the engine's
    /// own bookkeeping instead of every page's checksum (seconds for a large store): for
    /// files your own system wrote and keeps. Damage elsewhere is then found when it is read.
    /// `verify` always checks every page.
    #[arg(long, global = true)]
    trust_clean_close: bool,
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
    /// Check every page's checksum, then replay every case of a store and check its state
    /// and indexes, printing progress.
    Verify { path: PathBuf },
    /// Show one case of a store.
    Show { path: PathBuf, case: String },
    /// Erase a person (AVG/GDPR article 17) from every case they appear in, or from one, and
    /// compact the store so that the erased bytes leave the file.
    Erase {
        path: PathBuf,
        person: String,
        /// The ground of the erasure, recorded in each case's tombstone.
        #[arg(long)]
        ground: String,
        /// Only this case.
        #[arg(long)]
        case: Option<String>,
        /// Who erases, acting as administrator (default: a new id, printed).
        #[arg(long)]
        by: Option<String>,
    },
    /// Export the access log of a case (or, with --person, of a person) as JSON lines: who
    /// read or changed it, in which role, when, and what.
    AccessLog {
        path: PathBuf,
        /// The case; leave out with --person.
        case: Option<String>,
        /// The log of this person instead.
        #[arg(long, conflicts_with = "case")]
        person: Option<String>,
    },
    /// Write case files (`docs/interchange.md`) as JSON Lines on standard output: one line
    /// per case, each case with its whole history and where each event was written; or,
    /// with --for, only what one reader may see (recorded in the access log); or, with
    /// --key-file, pseudonymised. With --parquet, write the research tables of every case
    /// instead, pseudonymised, as a Parquet dataset (`docs/research.md`).
    Export {
        path: PathBuf,
        /// The cases (default: every case of the store).
        cases: Vec<String>,
        #[command(flatten)]
        reader: ReaderArgs,
        /// Pseudonymised with the key in this file (at least 16 random bytes): ids as keyed
        /// hashes, no names, contact details or free text, times as weeks.
        #[arg(long)]
        key_file: Option<PathBuf>,
        /// Write the research tables into the Parquet dataset in this directory, partitioned
        /// as TABLE/organisation=CODE/year=YYYY/ (needs --key-file); this organisation's
        /// partitions are replaced, others' left as they are.
        #[arg(long, value_name = "DIR")]
        parquet: Option<PathBuf>,
        /// The organisation code of the Parquet partitions: a lowercase letter, then
        /// lowercase letters, digits, `_` or `-` (default: the store's pseudonym under the key).
        #[arg(long, value_name = "CODE", requires = "parquet")]
        organisation: Option<String>,
    },
    /// Import case files (JSON Lines, one case per line) from a file or standard input into
    /// a store (created if missing).
    /// Each case is checked event by event and imported whole or not at all; the first
    /// refused line stops the import (the lines before it stay imported).
    Import {
        path: PathBuf,
        /// The file (default: standard input).
        file: Option<PathBuf>,
    },
    /// Write the store's change feed as JSON Lines on standard output, from after a sequence
    /// number on: each event with its place in the feed and the store that wrote it, in a
    /// stable shape (`docs/interchange.md`) that another store follows, or a log shipper
    /// carries.
    Feed {
        path: PathBuf,
        /// Start after this sequence number (default: from the first event).
        #[arg(long, default_value_t = 0)]
        after: u64,
        /// At most this many entries (default: all).
        #[arg(long)]
        limit: Option<u64>,
    },
    /// Follow another store: take its change feed (JSON Lines, from `kring feed`) from a file
    /// or standard input into a store (created if missing), in transactions of a thousand entries, each with the cursor of the
    /// followed store. Stopped at any point, it resumes where it stopped.
    Follow {
        path: PathBuf,
        /// The file (default: standard input).
        file: Option<PathBuf>,
        /// Only these cases (default: every case in the feed).
        #[arg(long = "case")]
        cases: Vec<String>,
    },
    /// Print where following another store stands: the sequence number of the last entry
    /// of its feed taken (0 before the first); `kring feed OTHER --after` it gives the rest.
    Cursor {
        path: PathBuf,
        /// The followed store's id (`store_…`).
        store: String,
    },
    /// Print a plan version of a case as one self-contained HTML document, in Dutch or
    /// English, as the family hands it around: open it in a browser, print it on A4.
    Plan {
        path: PathBuf,
        case: String,
        /// The language: nl or en.
        #[arg(long, default_value = "nl")]
        lang: String,
        /// The plan version (default: the latest).
        #[arg(long)]
        version: Option<u32>,
        #[command(flatten)]
        reader: ReaderArgs,
        /// Write to this file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Draw the network map (ecogram) of a case's circle as SVG, in Dutch or English.
    Map {
        path: PathBuf,
        case: String,
        /// The language: nl or en.
        #[arg(long, default_value = "nl")]
        lang: String,
        #[command(flatten)]
        reader: ReaderArgs,
        /// Write to this file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Write cases as HL7 FHIR R5 Bundles (`docs/fhir.md`), one JSON line per case.
    Fhir {
        path: PathBuf,
        /// The cases (default: every case of the store).
        cases: Vec<String>,
        /// Write to this file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print the standard measures (`docs/research.md`) of the cases requested in a period,
    /// grouped, as pretty-printed JSON: pseudonymised with the key in --key-file (small
    /// cells withheld, organisations by pseudonym), or everything with --identifying.
    Measures {
        path: PathBuf,
        #[command(flatten)]
        measures: MeasureArgs,
    },
    /// Write the standard measures (`docs/research.md`) of the cases requested in a period as
    /// one self-contained HTML report with charts, in Dutch or English, for a regional
    /// manager to open in a browser or print on A4: pseudonymised with the key in
    /// --key-file (small cells withheld and shown as —, organisations by pseudonym, no
    /// names), or everything with --identifying.
    Report {
        path: PathBuf,
        #[command(flatten)]
        measures: MeasureArgs,
        /// The language: nl or en.
        #[arg(long, default_value = "nl")]
        lang: String,
        /// Write to this file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Convert a store of an older format to the current one, after writing a backup.
    Upgrade {
        path: PathBuf,
        /// Where the backup goes (default: next to the store, named after its format).
        #[arg(long)]
        backup: Option<PathBuf>,
    },
}

/// A document or export made for one reader: only what they may see, and their read
/// recorded in the access log.
/// Which cases the standard measures are of, how they are grouped, and how much they show.
#[derive(clap::Args)]
struct MeasureArgs {
    /// Pseudonymised with the key in this file (at least 16 random bytes).
    #[arg(long, conflicts_with = "identifying")]
    key_file: Option<PathBuf>,
    /// Show every value and the organisations' ids and names: only inside the
    /// organisation that holds the records.
    #[arg(long)]
    identifying: bool,
    /// Only cases requested on or after this day (YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Only cases requested before this day (YYYY-MM-DD): the period is [from, to).
    #[arg(long)]
    to: Option<String>,
    /// One group of all cases (none), or per variant, legal_basis or organisation.
    #[arg(long, default_value = "none")]
    group_by: String,
}

impl MeasureArgs {
    /// The query and the disclosure, every option checked (and the key read) before a store
    /// is opened, as the bindings check them.
    fn parse(
        &self,
    ) -> Result<
        (
            kring_research::measures::MeasureQuery,
            kring_research::Disclosure,
        ),
        Box<dyn std::error::Error>,
    > {
        let query = kring_research::measures::MeasureQuery::from_options(
            self.from.as_deref(),
            self.to.as_deref(),
            Some(&self.group_by),
        )?;
        let key = self
            .key_file
            .as_ref()
            .map(|f| std::fs::read(f).map_err(|e| format!("{}: {e}", f.display())))
            .transpose()?;
        let disclosure = kring_research::Disclosure::from_options(key, self.identifying)?;
        Ok((query, disclosure))
    }
}

#[derive(clap::Args)]
struct ReaderArgs {
    /// Only what this person may see, in the role given with --role.
    #[arg(long = "for", requires = "role")]
    reader: Option<String>,
    /// The reader's role in the case (main_person, network_member, coordinator,
    /// regional_manager, professional, administrator).
    #[arg(long, requires = "reader")]
    role: Option<String>,
}

impl ReaderArgs {
    fn actor(&self) -> Result<Option<Actor>, Box<dyn std::error::Error>> {
        let (Some(person), Some(role)) = (&self.reader, &self.role) else {
            return Ok(None);
        };
        let role: Role = serde_json::from_value(serde_json::Value::String(role.clone()))
            .map_err(|_| format!("invalid role `{role}`"))?;
        Ok(Some(Actor::new(person.parse()?, role)))
    }
}

/// The cases named on the command line, or every case of the store.
fn cases_of(store: &Store, cases: &[String]) -> Result<Vec<CaseId>, Box<dyn std::error::Error>> {
    Ok(if cases.is_empty() {
        store.query(&Default::default())?
    } else {
        cases.iter().map(|c| c.parse()).collect::<Result<_, _>>()?
    })
}

/// Writes a document to `out`, or to standard output.
fn write_out(out: Option<&std::path::Path>, text: &str) -> Result<(), Box<dyn std::error::Error>> {
    match out {
        Some(path) => std::fs::write(path, text)?,
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(())
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    // Bars are named after the command: `kring export: [===>   ] …`.
    progress::init(cli.quiet, matches.subcommand_name().unwrap_or_default());
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kring: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    // How every command but `verify` opens a store (`verify` always checks every page).
    let stores = Store::builder().trust_clean_close(cli.trust_clean_close);
    match cli.command {
        Cmd::Demo { store } => demo(&store),
        Cmd::Verify { path } => {
            if progress::shown() {
                eprintln!("{}: checking every page's checksum", path.display());
            }
            let checking = Progress::busy("checking every page's checksum");
            let store = Store::builder().check_integrity_on_open(true).open(&path)?;
            checking.finish();
            let progress = Progress::cases(0);
            let (mut done, mut total) = (0, 0);
            let report = store.verify_with(|p| {
                (done, total) = (p.done, p.total);
                progress.step(p.done, p.total, || {
                    format!("checked {} of {} cases", p.done, p.total)
                });
                Ok(())
            })?;
            progress.finish_with_line(format!("checked {done} of {total} cases"));
            println!(
                "{}: verified {} cases, {} events, {} index entries: every case replays to its stored state",
                path.display(),
                report.cases,
                report.events,
                report.index_entries
            );
            Ok(())
        }
        Cmd::Upgrade { path, backup } => upgrade(&stores, &path, backup),
        Cmd::Report {
            path,
            measures,
            lang,
            out,
        } => {
            // Every option is checked before the store is opened and the work begins.
            let (query, disclosure) = measures.parse()?;
            let options = kring_documents::ReportOptions {
                lang: lang.parse()?,
                made_on: Some(chrono::Utc::now().date_naive()),
            };
            let store = stores.open(&path)?;
            let counting = Progress::busy("computing the measures");
            let measures = kring_research::measures::store_measures(&store, &query, &disclosure)?;
            counting.finish();
            write_out(
                out.as_deref(),
                &kring_documents::report_html(&measures, &options)?,
            )
        }
        Cmd::Measures { path, measures } => {
            let (query, disclosure) = measures.parse()?;
            let store = stores.open(&path)?;
            let measures = kring_research::measures::store_measures(&store, &query, &disclosure)?;
            println!("{}", serde_json::to_string_pretty(&measures)?);
            Ok(())
        }
        Cmd::Export {
            path,
            cases,
            reader,
            key_file,
            parquet: Some(dir),
            organisation,
        } => {
            if reader.reader.is_some() || !cases.is_empty() {
                return Err("--parquet writes the research tables of every case, pseudonymised: it takes neither cases nor --for".into());
            }
            let Some(key_file) = key_file else {
                return Err("--parquet needs --key-file: the dataset is always pseudonymised with the project's key".into());
            };
            export_parquet(&stores, &path, &dir, &key_file, organisation.as_deref())
        }
        Cmd::Export {
            path,
            cases,
            reader,
            key_file,
            parquet: None,
            organisation: _,
        } => {
            if reader.reader.is_some() && key_file.is_some() {
                return Err("--for and --key-file exclude each other: a case file is scoped to a reader or pseudonymised".into());
            }
            export(&stores, &path, &cases, reader.actor()?, key_file.as_deref())
        }
        Cmd::Plan {
            path,
            case,
            lang,
            version,
            reader,
            out,
        } => {
            let store = stores.open(&path)?;
            let options = kring_documents::PlanOptions {
                version,
                lang: lang.parse()?,
                reader: reader.actor()?,
            };
            let case = kring_documents::read(&store, case.parse()?, options.reader.as_ref())?;
            write_out(
                out.as_deref(),
                &kring_documents::plan_html(&case, &options)?,
            )
        }
        Cmd::Map {
            path,
            case,
            lang,
            reader,
            out,
        } => {
            let store = stores.open(&path)?;
            let options = kring_documents::MapOptions {
                lang: lang.parse()?,
                reader: reader.actor()?,
            };
            let case = kring_documents::read(&store, case.parse()?, options.reader.as_ref())?;
            write_out(
                out.as_deref(),
                &kring_documents::network_map_svg(&case, &options)?,
            )
        }
        Cmd::Fhir { path, cases, out } => {
            let store = stores.open(&path)?;
            let cases = cases_of(&store, &cases)?;
            let progress = Progress::cases(cases.len() as u64);
            let mut lines = String::new();
            for case in cases {
                lines.push_str(&kring_fhir::bundle(&store.case(case)?)?.to_string());
                lines.push('\n');
                progress.inc(1);
            }
            progress.finish();
            write_out(out.as_deref(), &lines)
        }
        Cmd::Cursor { path, store } => {
            let store_id: StoreId = store.parse()?;
            println!("{}", stores.open(&path)?.cursor(store_id)?);
            Ok(())
        }
        Cmd::Import { path, file } => import(&stores, &path, file.as_deref()),
        Cmd::Feed { path, after, limit } => {
            let store = stores.open(&path)?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let (mut after, mut left) = (after, limit.unwrap_or(u64::MAX));
            while left > 0 {
                let page = store.feed(after, left.min(10_000) as usize)?;
                let Some(last) = page.last() else { break };
                after = last.seq;
                left -= page.len() as u64;
                for entry in &page {
                    writeln!(out, "{}", entry.to_json())?;
                }
            }
            out.flush()?;
            Ok(())
        }
        Cmd::Follow { path, file, cases } => follow(&stores, &path, file.as_deref(), &cases),
        Cmd::AccessLog { path, case, person } => {
            let store = stores.open(&path)?;
            let case = case.map(|c| c.parse()).transpose()?;
            let person = person.map(|p| p.parse()).transpose()?;
            let log = store.access_log_for(case, person)?;
            for entry in &log {
                println!("{}", serde_json::to_string(entry)?);
            }
            Ok(())
        }
        Cmd::Erase {
            path,
            person,
            ground,
            case,
            by,
        } => erase(
            &stores,
            &path,
            &person,
            &ground,
            case.as_deref(),
            by.as_deref(),
        ),
        Cmd::Show { path, case } => {
            let id: CaseId = case.parse()?;
            let store = stores.open(&path)?;
            print!("{}", summary::render(&store.case(id)?));
            Ok(())
        }
    }
}

/// The lines of `file`, or of standard input, and the progress of reading them: a bar of
/// the bytes of a file read, or a spinner counting `what` (one a line; counted with
/// [`Progress::item`]) from standard input or a pipe.
fn lines_of(
    file: Option<&std::path::Path>,
    what: &'static str,
) -> std::io::Result<(Box<dyn BufRead>, Progress)> {
    Ok(match file {
        Some(f) => {
            let f = std::fs::File::open(f)?;
            let meta = f.metadata()?;
            let progress = if meta.is_file() {
                Progress::bytes(meta.len())
            } else {
                Progress::spinner(what)
            };
            let lines = std::io::BufReader::new(progress.reader(f));
            (Box::new(lines), progress)
        }
        None => (Box::new(std::io::stdin().lock()), Progress::spinner(what)),
    })
}

/// Imports case files line by line; prints one line per case (ids and counts only).
fn import(
    stores: &kring::StoreBuilder,
    path: &std::path::Path,
    file: Option<&std::path::Path>,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut store = stores.open_or_create(path)?;
    let (input, progress) = lines_of(file, "case files read")?;
    let (mut cases, mut added, mut erasures) = (0, 0, 0);
    let mut out = std::io::stdout();
    for (n, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        progress.item();
        let report = CaseFile::from_json(&line)
            .and_then(|f| store.import_case(&f))
            .map_err(|e| format!("line {}: {e} ({})", n + 1, e.code()))?;
        progress.line(
            &mut out,
            format_args!(
                "{}: {} event(s) added, at version {}, written by {}",
                report.case, report.added, report.version, report.holder
            ),
        )?;
        cases += 1;
        added += report.added;
        erasures += report.erasures;
    }
    progress.finish();
    println!(
        "{}: imported {cases} case file(s), {added} event(s) added",
        path.display()
    );
    compact_after_erasures(&mut store, path, erasures)
}

/// After a copy took erasures from its holder: compacts the store, so that the erased bytes
/// leave the file, as `kring erase` does.
fn compact_after_erasures(
    store: &mut Store,
    path: &std::path::Path,
    erasures: u64,
) -> Result<(), Box<dyn std::error::Error>> {
    if erasures > 0 {
        let compacting = Progress::busy("compacting");
        store.compact()?;
        compacting.finish();
        println!(
            "{}: took {erasures} erasure(s) from the holder; compacted",
            path.display()
        );
    }
    Ok(())
}

/// Entries of a followed feed taken in one transaction by `kring follow`.
const FOLLOW_BATCH: usize = 1_000;

/// Follows another store's feed from a file or standard input, in batches; prints what it
/// did (ids and counts only).
fn follow(
    stores: &kring::StoreBuilder,
    path: &std::path::Path,
    file: Option<&std::path::Path>,
    cases: &[String],
) -> Result<(), Box<dyn std::error::Error>> {
    let mut store = stores.open_or_create(path)?;
    let chosen: Option<std::collections::HashSet<CaseId>> = if cases.is_empty() {
        None
    } else {
        Some(cases.iter().map(|c| c.parse()).collect::<Result<_, _>>()?)
    };
    let (input, progress) = lines_of(file, "feed entries read")?;
    let (mut added, mut skipped, mut erasures, mut followed) = (0, 0, 0, None);
    let mut batch = Vec::with_capacity(FOLLOW_BATCH);
    let mut take = |batch: &mut Vec<FeedEntry>| -> Result<(), Box<dyn std::error::Error>> {
        if batch.is_empty() {
            return Ok(());
        }
        let report = store.follow(batch, chosen.as_ref())?;
        added += report.added;
        skipped += report.skipped;
        erasures += report.erasures;
        followed = Some((report.store, report.cursor));
        batch.clear();
        Ok(())
    };
    for (n, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        progress.item();
        let entry = FeedEntry::from_json(&line)
            .map_err(|e| format!("line {}: {e} ({})", n + 1, e.code()))?;
        batch.push(entry);
        if batch.len() == FOLLOW_BATCH {
            take(&mut batch)?;
        }
    }
    take(&mut batch)?;
    progress.finish();
    match followed {
        Some((store, cursor)) => println!(
            "{}: followed {store} up to {cursor}: {added} event(s) added, {skipped} passed over",
            path.display()
        ),
        None => println!("{}: the feed was empty", path.display()),
    }
    compact_after_erasures(&mut store, path, erasures)
}

/// Erases a person, compacts the store and verifies it. Prints ids and counts only.
/// `kring export`: full case files, scoped to a reader, or
/// pseudonymised with the key in `key_file`.
fn export(
    stores: &kring::StoreBuilder,
    path: &std::path::Path,
    cases: &[String],
    reader: Option<Actor>,
    key_file: Option<&std::path::Path>,
) -> Result<(), Box<dyn std::error::Error>> {
    let store = stores.open(path)?;
    let cases = cases_of(&store, cases)?;
    let key = match key_file {
        Some(file) => Some(kring_research::Disclosure::pseudonymised(std::fs::read(
            file,
        )?)?),
        None => None,
    };
    let progress = Progress::cases(cases.len() as u64);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for case in cases {
        let line = match (&reader, &key) {
            (Some(reader), _) => store.export_case_for(case, reader)?.to_json(),
            (None, Some(key)) => {
                kring_research::export_case_pseudonymised(&store, case, key)?.to_json()
            }
            (None, None) => store.export_case(case)?.to_json(),
        };
        progress.line(&mut out, line)?;
        progress.inc(1);
    }
    out.flush()?;
    progress.finish();
    Ok(())
}

/// `kring export --parquet`: the research tables of every case as a Parquet dataset,
/// pseudonymised with the key in `key_file`; prints one line of counts.
fn export_parquet(
    stores: &kring::StoreBuilder,
    path: &std::path::Path,
    dir: &std::path::Path,
    key_file: &std::path::Path,
    organisation: Option<&str>,
) -> Result<(), Box<dyn std::error::Error>> {
    let key = std::fs::read(key_file).map_err(|e| format!("{}: {e}", key_file.display()))?;
    let key = kring_research::Disclosure::pseudonymised(key)?;
    if let Some(code) = organisation {
        kring_research::check_organisation(code)?;
    }
    let store = stores.open(path)?;
    let progress = Progress::cases(store.len()?);
    let mut export = kring_research::ParquetExport::new().on_progress(|n| progress.inc(n));
    if let Some(code) = organisation {
        export = export.organisation(code);
    }
    let summary = export.write(&store, dir, &key)?;
    drop(export);
    progress.finish();
    let rows: u64 = summary.rows.iter().map(|(_, n)| n).sum();
    let tables = summary.rows.iter().filter(|(_, n)| *n > 0).count();
    println!(
        "{}: wrote {} cases as organisation {}: {rows} rows of {tables} tables in {} Parquet files under {}",
        path.display(),
        summary.cases,
        summary.organisation,
        summary.files.len(),
        dir.display()
    );
    Ok(())
}

fn erase(
    stores: &kring::StoreBuilder,
    path: &std::path::Path,
    person: &str,
    ground: &str,
    case: Option<&str>,
    by: Option<&str>,
) -> Result<(), Box<dyn std::error::Error>> {
    let person: PersonId = person.parse()?;
    let case: Option<CaseId> = case.map(str::parse).transpose()?;
    let mut store = stores.open(path)?;
    let by: PersonId = match by {
        Some(by) => by.parse()?,
        None => store.new_id(),
    };
    let report = store.erase_person(person, case, Actor::new(by, Role::Administrator), ground)?;
    store.compact()?;
    let verified = store.verify()?;
    println!(
        "{}: erased {person} from {} case(s) ({} events written again{}), by administrator {by}; compacted; verified {} cases",
        path.display(),
        report.cases.len(),
        report.events,
        if report.pool {
            ", and from the coordinator pool"
        } else {
            ""
        },
        verified.cases
    );
    for c in &report.cases {
        println!("  {c}");
    }
    Ok(())
}

/// Writes a backup of an older store, then upgrades it, printing its progress.
fn upgrade(
    stores: &kring::StoreBuilder,
    path: &std::path::Path,
    backup: Option<PathBuf>,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut store = stores.open(path)?;
    let from = store.format_version();
    if from == kring::FORMAT_VERSION {
        println!("{}: already format {from}; nothing to do", path.display());
        return Ok(());
    }
    let backup = backup.unwrap_or_else(|| {
        let mut name = path.as_os_str().to_owned();
        name.push(format!(".format-{from}.backup"));
        PathBuf::from(name)
    });
    store.backup(&backup)?;
    println!(
        "{}: backup of format {from} written to {}",
        path.display(),
        backup.display()
    );
    let progress = Progress::counted(0, "values");
    let (mut done, mut total) = (0, 0);
    let report = store.upgrade(|p| {
        (done, total) = (p.done, p.total);
        progress.step(p.done, p.total, || {
            format!("converted {} of {} values", p.done, p.total)
        });
        Ok(())
    })?;
    progress.finish_with_line(format!("converted {done} of {total} values"));
    // The check after: a bar when there is one, no lines otherwise (as before the bars).
    let checking = Progress::counted(0, "cases checked");
    let verified = store.verify_with(|p| {
        checking.set(p.done, p.total);
        Ok(())
    })?;
    checking.finish();
    // Every value was written again, copy on write: the old ones' pages are free space in
    // the file now, which compacting gives back. What is still to be written (the log, the
    // reads of the check) goes in first, so that closing adds nothing after.
    store.sync()?;
    let grown = file_len(path);
    let compacting = Progress::busy("compacting");
    store.compact()?;
    // Closed before it is measured: the engine keeps its allocator's state in the file.
    drop(store);
    compacting.finish();
    println!(
        "{}: upgraded from format {} to {}: {} events and {} case states written again; verified {} cases; compacted to {} ({} before)",
        path.display(),
        report.from,
        report.to,
        report.events,
        report.cases,
        verified.cases,
        size(file_len(path)),
        size(grown),
    );
    Ok(())
}

/// The size of the file at `path` in bytes (0 if it cannot be read).
fn file_len(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// `bytes` in whole KiB below 10 MiB, in whole MiB from there (rounded up).
fn size(bytes: u64) -> String {
    if bytes < 10 << 20 {
        format!("{} KiB", bytes.div_ceil(1 << 10))
    } else {
        format!("{} MiB", bytes.div_ceil(1 << 20))
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
