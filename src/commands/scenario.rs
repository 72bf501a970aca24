//! `dei scenario check`, and reporting user scenario files that failed to load.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use dei::render::{paint, styles};
use dei::rubric::Rubric;
use dei::scenario::{Catalog, Diagnostic, DiskFiles, Origin, parse_scenario, read_text};

pub fn check(files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let mut out = anstream::stdout().lock();
    let mut err = anstream::stderr().lock();
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut problems = 0;
    let mut bad_files = 0;
    for path in files {
        let display = path.display().to_string();
        let result = read_text(path, &display).and_then(|source| {
            parse_scenario(
                &source,
                &display,
                path,
                Origin::User,
                &DiskFiles,
                Rubric::builtin(),
            )
        });
        let diagnostics = match result {
            Ok(scenario) => {
                if let Some(first) = seen.insert(scenario.id.clone(), display.clone()) {
                    vec![
                        Diagnostic::new(
                            &display,
                            format!("duplicate scenario id `{}`", scenario.id),
                        )
                        .with_help(format!("{first} already defines it")),
                    ]
                } else {
                    let line = format!("{} {display} ({})", paint(styles::GOOD, "ok"), scenario.id);
                    super::unless_closed(writeln!(out, "{line}"))?;
                    continue;
                }
            }
            Err(diagnostics) => diagnostics,
        };
        bad_files += 1;
        problems += diagnostics.len();
        for d in &diagnostics {
            super::unless_closed(write_diagnostic(&mut err, d))?;
        }
    }
    if bad_files == 0 {
        return Ok(ExitCode::SUCCESS);
    }
    // The verdict is the exit code, whether or not anyone is still reading.
    super::unless_closed(writeln!(
        err,
        "{} {problems} problem{} in {bad_files} of {} file{}",
        paint(styles::BAD.bold(), "failed:"),
        plural(problems),
        files.len(),
        plural(files.len())
    ))?;
    Ok(ExitCode::from(2))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn write_diagnostic(w: &mut impl std::io::Write, d: &Diagnostic) -> std::io::Result<()> {
    writeln!(w, "{} {d}\n", paint(styles::BAD.bold(), "error:"))
}

/// Prints the user scenario files that could not be loaded, so a typo never silently hides a
/// scenario.
pub fn report_broken(catalog: &Catalog) -> anyhow::Result<()> {
    let mut err = anstream::stderr().lock();
    for report in catalog.broken() {
        writeln!(
            err,
            "{} skipped {}: run `dei scenario check {}` for details",
            paint(styles::WARN.bold(), "warning:"),
            report.path.display(),
            report.path.display()
        )?;
        if let Some(first) = report.diagnostics.first() {
            writeln!(err, "{first}\n")?;
        }
    }
    Ok(())
}
