//! `dei scenario check`, and reporting user scenario files that failed to load.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use dei::render::{paint, styles};
use dei::rubric::Rubric;
use dei::scenario::{Catalog, Diagnostic, DiskFiles, Origin, parse_scenario, read_text};

/// What to do about a model answer that does not show a strong answer.
const MODEL_HELP: &str = "a model answer should be a strong answer: decisions with reasons, \
    the arithmetic with units, failure modes walked through, where it breaks";

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
                let mut model = dei::score::model_answer_problems(&scenario, Rubric::builtin());
                let examples = dei::score::signal_example_problems(&scenario, Rubric::builtin());
                if let Some(first) = seen.insert(scenario.id.clone(), display.clone()) {
                    vec![
                        Diagnostic::new(
                            &display,
                            format!("duplicate scenario id `{}`", scenario.id),
                        )
                        .with_help(format!("{first} already defines it")),
                    ]
                } else if model.is_empty() && examples.is_empty() {
                    let line = format!("{} {display} ({})", paint(styles::GOOD, "ok"), scenario.id);
                    super::unless_closed(writeln!(out, "{line}"))?;
                    continue;
                } else {
                    let had_model_problems = !model.is_empty();
                    model.extend(examples);
                    let mut found: Vec<Diagnostic> = model
                        .into_iter()
                        .map(|problem| Diagnostic::new(&display, problem))
                        .collect();
                    if let Some(first) = found.first_mut().filter(|_| had_model_problems) {
                        first.help = Some(MODEL_HELP.to_owned());
                    }
                    found
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

/// `dei scenario new`: writes the template, refusing to overwrite anything.
pub fn new(id: &str, dir: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let valid = id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.ends_with('-')
        && !id.contains("--");
    if !valid {
        anyhow::bail!("`{id}` is not a valid scenario id; ids are kebab-case, like `late-orders`");
    }
    if id.len() > dei::scenario::MAX_ID_LEN {
        anyhow::bail!(
            "the id is {} characters long; at most {} are allowed (it becomes part of file names)",
            id.len(),
            dei::scenario::MAX_ID_LEN
        );
    }
    let folder = match dir {
        Some(dir) => dir,
        None => crate::paths::config_scenarios()
            .ok_or_else(|| anyhow::anyhow!("no config folder on this system; pass --dir"))?,
    };
    std::fs::create_dir_all(&folder)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", folder.display()))?;
    let path = folder.join(format!("{id}.toml"));
    // Write a temporary file, then link it into place only if the name is free: the template
    // appears whole or not at all, and an existing scenario is never replaced.
    let temporary = folder.join(format!(".{id}.toml.tmp-{}", std::process::id()));
    std::fs::write(&temporary, dei::scenario::template(id))
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", temporary.display()))?;
    let linked = std::fs::hard_link(&temporary, &path);
    let _ = std::fs::remove_file(&temporary);
    match linked {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            anyhow::bail!(
                "{} already exists; pick another id or move that file",
                path.display()
            )
        }
        Err(e) => anyhow::bail!("cannot create {}: {e}", path.display()),
    }
    let mut out = anstream::stdout().lock();
    writeln!(out, "wrote {}", path.display())?;
    writeln!(
        out,
        "{}",
        paint(
            styles::DIM,
            &format!(
                "edit it, then: dei scenario check {}  (format: docs/scenario-format.md)",
                path.display()
            )
        )
    )?;
    Ok(ExitCode::SUCCESS)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn write_diagnostic(w: &mut impl std::io::Write, d: &Diagnostic) -> std::io::Result<()> {
    writeln!(w, "{} {d}\n", paint(styles::BAD.bold(), "error:"))
}

/// Prints the scenario files known to be broken without opening the others (see
/// [`Catalog::skipped`]), so a typo never silently hides a scenario.
pub fn report_broken(catalog: &Catalog) -> anyhow::Result<()> {
    let mut err = anstream::stderr().lock();
    for report in catalog.skipped() {
        // A file's name is the user's text too.
        let path = report.path.display().to_string();
        let path = dei::text::printable(&path);
        writeln!(
            err,
            "{} skipped {path}: run `dei scenario check {path}` for details",
            paint(styles::WARN.bold(), "warning:"),
        )?;
        if let Some(first) = report.diagnostics.first() {
            writeln!(err, "{first}\n")?;
        }
    }
    Ok(())
}
