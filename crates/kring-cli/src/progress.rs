//! Progress of the long jobs of the `kring` command, on standard error.
//!
//! A bar (or a spinner) is drawn only when standard error is a terminal that can take one
//! (not `TERM=dumb`) and `--quiet` was not given. Otherwise nothing of it is written: no bar,
//! no escape codes; the commands that printed plain progress lines before the bars
//! (`kring verify`, `kring upgrade`) still print them when standard error is not a terminal.
//! Standard output, where the JSON Lines go, is never written to here; a line a job writes
//! on it while a bar is drawn on the same terminal is written with the bar cleared around it.
//!
//! Bars show counts only, never a name (nor an id): their texts are `&'static str`.
//!
//! A long job adds one line, `let progress = Progress::cases(total);`, then
//! `progress.inc(1)` for each case (or [`Progress::bytes`], [`Progress::spinner`],
//! [`Progress::busy`]); the bar is named after the command (`kring export: [===>   ] …`)
//! and cleared when `progress` is dropped or finished.

use std::fmt::Display;
use std::io::{IsTerminal, Read, Write};
use std::sync::OnceLock;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How progress is shown, for the whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Bars on standard error, a terminal.
    Bars,
    /// No bars; the plain progress lines some commands printed before the bars.
    Plain,
    /// Nothing (`--quiet`).
    Quiet,
}

static MODE: OnceLock<Mode> = OnceLock::new();
/// What a bar starts with: `kring COMMAND: `.
static PREFIX: OnceLock<String> = OnceLock::new();

/// Decides, once for the run, how progress is shown: nothing with `--quiet`, bars when
/// standard error is a terminal that can draw them, plain lines otherwise; and names the
/// bars after the `command` that runs.
pub fn init(quiet: bool, command: &str) {
    let _ = MODE.set(decide(quiet));
    let _ = PREFIX.set(format!("kring {command}: "));
}

fn decide(quiet: bool) -> Mode {
    if quiet {
        Mode::Quiet
    } else if std::io::stderr().is_terminal() && !ProgressDrawTarget::stderr().is_hidden() {
        // `ProgressDrawTarget::stderr()` is hidden when standard error is no terminal, or
        // when TERM is unset or `dumb`.
        Mode::Bars
    } else {
        Mode::Plain
    }
}

fn mode() -> Mode {
    *MODE.get_or_init(|| decide(false))
}

/// Whether progress is shown at all (not `--quiet`).
pub fn shown() -> bool {
    mode() != Mode::Quiet
}

const TICK: Duration = Duration::from_millis(120);

/// The progress of one job: a bar on standard error, or nothing.
pub struct Progress {
    bar: Option<ProgressBar>,
    /// A spinner counting what it reads (each counted with [`Progress::item`]), not a bar of
    /// bytes that counts through its reader.
    counts_items: bool,
    /// Standard output is the terminal the bar is drawn on.
    shares_terminal: bool,
}

impl Progress {
    fn new(
        len: Option<u64>,
        template: &'static str,
        what: &'static str,
        counts_items: bool,
    ) -> Self {
        let bar = (mode() == Mode::Bars).then(|| {
            // Made out of sight, then shown: no frame is drawn half made.
            let bar = ProgressBar::with_draw_target(len, ProgressDrawTarget::hidden());
            bar.set_style(
                ProgressStyle::with_template(template)
                    .expect("a valid template")
                    .progress_chars("=> "),
            );
            bar.set_prefix(PREFIX.get().map_or("kring: ", String::as_str).to_string());
            bar.set_message(what);
            bar.set_draw_target(ProgressDrawTarget::stderr());
            // The first frame at once, before a ticker takes over the drawing (a tick is
            // then the ticker's alone): a step shorter than a tick is still shown.
            bar.tick();
            if len.is_none() {
                bar.enable_steady_tick(TICK);
            }
            bar
        });
        let shares_terminal = bar.is_some() && std::io::stdout().is_terminal();
        Progress {
            bar,
            counts_items,
            shares_terminal,
        }
    }

    /// A bar of cases done, of `total`.
    pub fn cases(total: u64) -> Self {
        Self::counted(total, "cases")
    }

    /// A bar of `what` (say "values") done, of `total`.
    pub fn counted(total: u64, what: &'static str) -> Self {
        Self::new(
            Some(total),
            "{prefix}[{wide_bar}] {human_pos}/{human_len} {msg} ({percent}%, {eta} left)",
            what,
            false,
        )
    }

    /// A bar of bytes read, of `total` (a file); read through [`Progress::reader`].
    pub fn bytes(total: u64) -> Self {
        Self::new(
            Some(total),
            "{prefix}[{wide_bar}] {bytes}/{total_bytes} ({eta} left)",
            "",
            false,
        )
    }

    /// A spinner with a count of `what` (say "case files read"), when there is no total
    /// (standard input): counted with [`Progress::item`] or [`Progress::inc`].
    pub fn spinner(what: &'static str) -> Self {
        Self::new(
            None,
            "{prefix}{spinner} {msg}: {human_pos} ({elapsed})",
            what,
            true,
        )
    }

    /// A spinner while a step with no count of its own runs (say "compacting").
    pub fn busy(what: &'static str) -> Self {
        Self::new(None, "{prefix}{spinner} {msg} ({elapsed})", what, false)
    }

    /// `n` more done.
    pub fn inc(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }

    /// One more item read, counted by a spinner; a bar of bytes counts through its reader.
    pub fn item(&self) {
        if self.counts_items {
            self.inc(1);
        }
    }

    /// `done` of `total` (from a progress callback of the store).
    pub fn set(&self, done: u64, total: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(total);
            bar.set_position(done);
        }
    }

    /// [`Progress::set`], or, when standard error is not a terminal, the plain progress line
    /// `line` as the command printed it before the bars; nothing with `--quiet`.
    pub fn step(&self, done: u64, total: u64, line: impl FnOnce() -> String) {
        match mode() {
            Mode::Bars => self.set(done, total),
            Mode::Plain => eprintln!("{}", line()),
            Mode::Quiet => {}
        }
    }

    /// Reads through the bar: a bar of [`Progress::bytes`] counts the bytes read.
    pub fn reader<R: Read + 'static>(&self, read: R) -> Box<dyn Read> {
        match &self.bar {
            Some(bar) if !self.counts_items => Box::new(bar.wrap_read(read)),
            _ => Box::new(read),
        }
    }

    /// Writes `line` and a newline to `out`, standard output or a writer over it; when the
    /// bar is drawn on the terminal standard output goes to, with the bar cleared around it.
    pub fn line(&self, out: &mut impl Write, line: impl Display) -> std::io::Result<()> {
        match &self.bar {
            Some(bar) if self.shares_terminal => bar.suspend(|| {
                writeln!(out, "{line}")?;
                out.flush()
            }),
            _ => writeln!(out, "{line}"),
        }
    }

    /// Clears the bar (as dropping it does).
    pub fn finish(self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    /// Clears the bar and prints `line` on standard error in its place, a plain line that
    /// stays: only when a bar was drawn (without one, [`Progress::step`] printed it).
    pub fn finish_with_line(self, line: impl Display) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
            eprintln!("{line}");
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        // An error ends a job early: its bar goes before the error is printed.
        if let Some(bar) = &self.bar {
            if !bar.is_finished() {
                bar.finish_and_clear();
            }
        }
    }
}
