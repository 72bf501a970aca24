//! A sweep of generated hostile inputs (issue 11): mutants of every shipped scenario through
//! `dei scenario check`, corrupt history entries, drafts and drill schedules through the
//! commands that read them, and fuzzed calculator lines through `dei calc`. Nothing may
//! panic, abort or hang; every refusal must name its file. The mutants come from a fixed seed,
//! so a failure is reproduced by running the test again. The tally is printed (`cargo test
//! --test hostile_sweep -- --nocapture`); the watchdog is a hang detector, not a timing
//! assertion (its limit is far above any normal run).

use std::fmt::Write as _;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Far longer than any run takes; only a blocked process reaches it.
const HUNG_AFTER: Duration = Duration::from_secs(120);

/// Mutants made of each shipped scenario.
const MUTANTS_PER_SCENARIO: usize = 30;

struct Run {
    /// `None` when a signal ended the process (an abort, a stack overflow).
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `dei` in a private home, with `stdin`, killing it (and failing) if it hangs.
fn dei(args: &[&str], data: &Path, stdin: &[u8]) -> Run {
    let home = tempfile::tempdir().expect("temp home");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dei"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("DEI_DATA", data)
        .env_remove("DEI_SCENARIOS")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dei runs");
    let mut input = child.stdin.take().expect("stdin");
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        // A refused input may close the pipe early; that is not a failure.
        let _ = input.write_all(&stdin);
    });
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stdout.read_to_end(&mut s);
        String::from_utf8_lossy(&s).into_owned()
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stderr.read_to_end(&mut s);
        String::from_utf8_lossy(&s).into_owned()
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > HUNG_AFTER {
            let _ = child.kill();
            let _ = child.wait();
            panic!("dei {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    writer.join().expect("stdin written");
    Run {
        code: status.code(),
        stdout: out.join().expect("stdout read"),
        stderr: err.join().expect("stderr read"),
    }
}

/// What the sweep found.
#[derive(Default)]
struct Tally {
    tried: usize,
    /// Refused with a message naming the file and a line and column.
    located: usize,
    /// Refused with a message naming the file (a missing file, a whole-file problem).
    named: usize,
    /// Read without a problem.
    accepted: usize,
    panics: usize,
    aborts: usize,
}

/// A fixed-seed generator: the same mutants on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Checks a run's end: no panic, no abort; counts them otherwise (asserted at the end).
fn ended_cleanly(run: &Run, tally: &mut Tally) -> bool {
    if run.stderr.contains("panicked") || run.code == Some(101) {
        tally.panics += 1;
        eprintln!("PANIC: {}", run.stderr);
        return false;
    }
    if run.code.is_none() || run.code == Some(134) {
        tally.aborts += 1;
        eprintln!("ABORT: {}", run.stderr);
        return false;
    }
    true
}

/// Lines an attacker might write into a scenario file.
fn hostile_lines() -> Vec<String> {
    vec![
        format!("x = {}{}", "[".repeat(100), "]".repeat(100)),
        format!("x = {}1{}", "{a=".repeat(100), "}".repeat(100)),
        format!("{} = 1", vec!["a"; 100].join(".")),
        format!("[{}]", vec!["a"; 100].join(".")),
        "title = 1979-05-27T07:32:00Z".into(),
        "summary = 07:32:00".into(),
        "prompt = \"\\u001b]0;pwned\\u0007\\u001b[2J\"".into(),
        "[[facts]]\nid = \"\\u0000\"\ntopic = \"volume\"\nasks = [\"x\"]\nreply = \"r\"".into(),
        "[load_profiles.skew]\npartitions = 0\nevents = \"10bn\"\nhot_key_share = \"200%\"".into(),
        "[load_profiles.redelivery]\nevents = \"-5\"\nbatch = 0".into(),
        format!("summary = \"{}\"", "a".repeat(100_000)),
        format!(
            "[[sizing.given]]\nid = \"deep\"\nlabel = \"D\"\nexpr = \"{}1{}\"",
            "(".repeat(5_000),
            ")".repeat(5_000)
        ),
        format!(
            "[[sizing.given]]\nid = \"dense\"\nlabel = \"D\"\nexpr = \"{}\"",
            "1 s ".repeat(5_000)
        ),
        format!(
            "[[facts]]\nid = \"gaps\"\ntopic = \"volume\"\nasks = [\"{}b\"]\nreply = \"r\"",
            "a .. ".repeat(20)
        ),
        "prompt_file = \"fifo.md\"".into(),
        "prompt_file = \"/dev/zero\"".into(),
        "model_answer_file = \".\"".into(),
        "model_answer_file = \"missing.md\"".into(),
        format!("id = \"{}\"", "a".repeat(300)),
        "id = \"../../etc/passwd\"".into(),
        "= = =".into(),
        "[[[".into(),
        "\"unclosed = 1".into(),
        "x = '''".into(),
        "[rubric.weights]\nclarify = -1000\nsize = 1e400".into(),
        "[[followups]]\nid = \"f\"\nprobes = [\"no-such-rule\"]\nquestion = \"?\"".into(),
    ]
}

/// Values a string or a number in a scenario file might be replaced with.
const VALUES: &[&str] = &[
    "42",
    "-1",
    "1e400",
    "true",
    "[]",
    "{}",
    "1979-05-27",
    "\"\"",
    "\"\\u001b[2J\"",
    "\"200%\"",
    "\"10bn\"",
    "nan",
    "inf",
    "99999999999999999999",
    "0",
    "\"   \"",
];

/// One mutant of `text`: one to three edits picked by `rng`.
fn mutate(text: &str, rng: &mut Rng, hostile: &[String]) -> Vec<u8> {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut raw_tail: Vec<u8> = Vec::new();
    for _ in 0..=rng.below(3) {
        let n = lines.len().max(1);
        let at = rng.below(n).min(lines.len().saturating_sub(1));
        match rng.below(10) {
            0 if !lines.is_empty() => {
                lines.remove(at);
            }
            1 if !lines.is_empty() => {
                let line = lines[at].clone();
                lines.insert(at, line);
            }
            2 => {
                let joined = lines.join("\n");
                let mut cut = rng.below(joined.len());
                while !joined.is_char_boundary(cut) {
                    cut -= 1;
                }
                lines = joined[..cut].lines().map(str::to_owned).collect();
            }
            3 | 4 => lines.insert(at, rng.pick(hostile).clone()),
            5 if !lines.is_empty() => {
                // A value replaced: after the first `=` of the line.
                if let Some(eq) = lines[at].find(" = ") {
                    let key = lines[at][..eq].to_owned();
                    lines[at] = format!("{key} = {}", rng.pick(VALUES));
                }
            }
            6 if lines.len() > 1 => {
                let other = rng.below(lines.len());
                lines.swap(at, other);
            }
            7 if !lines.is_empty() => {
                let chars = ['[', ']', '{', '}', '=', '.', ',', '#', '\'', '"', '\\'];
                let line = &mut lines[at];
                let mut pos = rng.below(line.len() + 1);
                while !line.is_char_boundary(pos) {
                    pos -= 1;
                }
                line.insert(pos, *rng.pick(&chars));
            }
            8 if !lines.is_empty() => {
                if let Some(eq) = lines[at].find(" = ") {
                    lines[at].insert_str(eq, "_x");
                }
            }
            9 => raw_tail.extend_from_slice(&[0xFF, 0xFE, b'\n']),
            _ => {}
        }
    }
    let mut bytes = lines.join("\n").into_bytes();
    bytes.push(b'\n');
    bytes.extend(raw_tail);
    bytes
}

/// Every shipped scenario, mutated, through `dei scenario check`: one run per scenario,
/// its mutants checked together.
fn scenario_mutants(tally: &mut Tally) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    let scenarios = dir.path().join("scenarios");
    let prompts = dir.path().join("prompts");
    std::fs::create_dir_all(&scenarios).expect("folder");
    std::fs::create_dir_all(&prompts).expect("folder");
    for entry in std::fs::read_dir(root.join("prompts")).expect("prompts") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), prompts.join(entry.file_name())).expect("copy");
    }
    let fifo = scenarios.join("fifo.md");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let hostile = hostile_lines();
    let mut rng = Rng(0x5EED_D1CE_0000_0011);
    let mut shipped: Vec<PathBuf> = std::fs::read_dir(root.join("scenarios"))
        .expect("scenarios")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    shipped.sort();
    assert!(shipped.len() >= 10, "{shipped:?}");
    for original in &shipped {
        let text = std::fs::read_to_string(original).expect("read");
        let stem = original.file_stem().and_then(|s| s.to_str()).expect("name");
        let mut files = Vec::new();
        for n in 0..MUTANTS_PER_SCENARIO {
            // Each mutant its own id, so the ones that pass are not duplicates of each other.
            let text = text.replacen(
                &format!("id = \"{stem}\""),
                &format!("id = \"{stem}-m{n}\""),
                1,
            );
            let file = scenarios.join(format!("{stem}-m{n}.toml"));
            std::fs::write(&file, mutate(&text, &mut rng, &hostile)).expect("write");
            files.push(file.display().to_string());
        }
        let mut args = vec!["scenario", "check"];
        args.extend(files.iter().map(String::as_str));
        let run = dei(&args, dir.path(), b"");
        tally.tried += files.len();
        if !ended_cleanly(&run, tally) {
            continue;
        }
        assert!(matches!(run.code, Some(0 | 2)), "{}", run.stderr);
        for file in &files {
            let ok = run.stdout.contains(&format!("ok {file} ("));
            let error = format!("error: {file}:");
            let refused: Vec<&str> = run
                .stderr
                .lines()
                .filter(|l| l.starts_with(&error))
                .collect();
            let located = refused.iter().any(|l| {
                let mut rest = l[error.len()..].split(':');
                rest.next().is_some_and(|n| n.parse::<usize>().is_ok())
                    && rest.next().is_some_and(|n| n.parse::<usize>().is_ok())
            });
            match (ok, refused.is_empty()) {
                (true, true) => tally.accepted += 1,
                (false, false) if located => tally.located += 1,
                (false, false) => tally.named += 1,
                _ => panic!("{file}: neither passed nor refused once:\n{}", run.stderr),
            }
        }
    }
}

/// A history entry as dei writes it.
fn history_entry() -> String {
    serde_json::to_string_pretty(&serde_json::json!({
        "format": 1,
        "scenario": "realtime-analytics",
        "mode": "practice",
        "started": "2026-11-10T09:40:00Z",
        "finished": "2026-11-10T10:22:00Z",
        "score": 60,
        "band": "mixed",
        "moves": [],
        "signals_hit": ["capacity-math"],
        "signals_missed": [],
        "red_flags": [],
        "claims": 0,
        "claims_off": 0,
        "followups": [],
        "answer": "## Clarify\n\nHow fresh?\n"
    }))
    .expect("JSON")
}

/// Ways to damage a JSON data file.
fn damaged_json(text: &str, rng: &mut Rng) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    match rng.below(8) {
        0 => bytes.truncate(rng.below(bytes.len())),
        1 => {
            let at = rng.below(bytes.len());
            bytes[at] = *rng.pick(b"{}[]\",:0\x00\xff");
        }
        2 => {
            let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
            bytes = text.replacen("[]", &deep, 1).into_bytes();
        }
        3 => {
            let value = *rng.pick(&["\"x\"", "-1", "1e999", "999", "null", "{}", "[1]", "true"]);
            bytes = text.replacen("60", value, 1).into_bytes();
        }
        4 => {
            let key = *rng.pick(&[
                "\"score\"",
                "\"band\"",
                "\"mode\"",
                "\"started\"",
                "\"format\"",
            ]);
            bytes = text.replacen(key, "\"renamed\"", 1).into_bytes();
        }
        5 => {
            bytes = text
                .replacen("\"format\": 1", "\"format\": 99", 1)
                .into_bytes();
        }
        6 => {
            let long = "a".repeat(200_000);
            bytes = text.replacen("How fresh?", &long, 1).into_bytes();
        }
        _ => bytes = b"\xef\xbb\xbf\x00\x00\x00".to_vec(),
    }
    bytes
}

/// Damaged history entries (all at once), drafts and drill schedules (one at a time), through
/// the commands that read them.
fn damaged_data_files(tally: &mut Tally) {
    let mut rng = Rng(0xDA7A_F11E_0000_0022);
    let data = tempfile::tempdir().expect("temp dir");
    let history = data.path().join("history");
    std::fs::create_dir_all(&history).expect("folder");
    let entry = history_entry();
    let entries = 40;
    for n in 0..entries {
        std::fs::write(
            history.join(format!(
                "2026-11-{:02}T09-40-00Z-x-practice.json",
                n % 28 + 1
            )),
            damaged_json(&entry, &mut rng),
        )
        .expect("write");
    }
    for command in ["history", "stats"] {
        let run = dei(&[command], data.path(), b"");
        tally.tried += 1;
        if ended_cleanly(&run, tally) {
            assert_eq!(run.code, Some(0), "{command}: {}", run.stderr);
            tally.named += 1;
        }
    }
    let drafts = data.path().join("drafts");
    std::fs::create_dir_all(&drafts).expect("folder");
    let draft = serde_json::to_string_pretty(&serde_json::json!({
        "format": 1, "scenario": "realtime-analytics", "mode": "practice",
        "started": "2026-11-10T09:40:00Z", "stage": "size", "seconds": {"clarify": 60},
        "transcript": [], "pinned": [], "size": "= 60 events/s", "sketch": "", "defend": "",
        "deep_dive": []
    }))
    .expect("JSON");
    for _ in 0..20 {
        std::fs::write(
            drafts.join("realtime-analytics.json"),
            damaged_json(&draft, &mut rng),
        )
        .expect("write");
        let run = dei(
            &["practice", "realtime-analytics", "--resume"],
            data.path(),
            b"",
        );
        tally.tried += 1;
        if ended_cleanly(&run, tally) {
            // Refused, naming the draft, or (for a draft still readable) needs a terminal.
            assert_eq!(run.code, Some(2), "{}", run.stderr);
            if run.stderr.contains("realtime-analytics.json:") {
                tally.located += 1;
            } else {
                tally.named += 1;
            }
        }
    }
    let drill = r#"{"format": 1, "cards": {"flag:no-clarify": {"ease": 250, "interval": 6,
        "due": "2026-11-30", "reps": 2, "lapses": 0, "last_review": "2026-11-24",
        "misses_seen": 3}}}"#;
    for _ in 0..20 {
        std::fs::write(
            data.path().join("drill.json"),
            damaged_json(drill, &mut rng),
        )
        .expect("write");
        let run = dei(&["drill"], data.path(), b"");
        tally.tried += 1;
        if ended_cleanly(&run, tally) {
            assert_eq!(run.code, Some(2), "{}", run.stderr);
            if run.stderr.contains("drill.json:") {
                tally.located += 1;
            } else {
                tally.named += 1;
            }
        }
    }
}

/// Calculator lines from a soup of its tokens and some junk, all through one `dei calc`.
fn fuzzed_calculator(tally: &mut Tally) {
    let mut rng = Rng(0xCA1C_0000_0000_0033);
    let tokens = [
        "1", "10k", "2.5", "1e9", "1e400", "-3", "0", "1_000", "10 000", "GB", "KiB", "s", "day",
        "events", "event", "/", "*", "+", "-", "^", "(", ")", "->", "MB/s", "%", "month", "x",
        "peak", "=", "in", ",", "e", "..", "\u{200b}", "½", "∞", "events/s", "TB/day",
    ];
    let lines: Vec<String> = (0..600)
        .map(|_| {
            let mut line = String::new();
            for _ in 0..=rng.below(12) {
                let _ = write!(line, "{} ", rng.pick(&tokens));
            }
            // A line the session treats as a command or an assignment is left to those.
            line.trim().replace('=', "*")
        })
        .filter(|l| !l.is_empty())
        .collect();
    let mut input = lines.join("\n");
    input.push('\n');
    let dir = tempfile::tempdir().expect("temp dir");
    let run = dei(&["calc"], dir.path(), input.as_bytes());
    tally.tried += lines.len();
    if ended_cleanly(&run, tally) {
        let errors = run.stderr.matches("error: ").count();
        let results = run.stdout.lines().filter(|l| !l.trim().is_empty()).count();
        assert_eq!(
            errors + results,
            lines.len(),
            "one answer per line:\n{}\n{}",
            run.stdout,
            run.stderr
        );
        tally.named += errors;
        tally.accepted += results;
    }
}

#[test]
fn generated_hostile_inputs_never_panic_abort_or_hang() {
    let mut scenarios = Tally::default();
    scenario_mutants(&mut scenarios);
    let mut data = Tally::default();
    damaged_data_files(&mut data);
    let mut calc = Tally::default();
    fuzzed_calculator(&mut calc);
    for (what, t) in [
        ("scenario mutants", &scenarios),
        ("damaged data files", &data),
        ("calculator lines", &calc),
    ] {
        eprintln!(
            "{what}: {} tried, {} refused with file:line:column, {} refused naming the file, \
             {} accepted, {} panics, {} aborts, 0 hangs",
            t.tried, t.located, t.named, t.accepted, t.panics, t.aborts
        );
        assert_eq!((t.panics, t.aborts), (0, 0), "{what}");
    }
    assert_eq!(
        scenarios.tried,
        scenarios.located + scenarios.named + scenarios.accepted
    );
    assert!(
        scenarios.located > scenarios.tried / 2,
        "most refusals are located"
    );
}
