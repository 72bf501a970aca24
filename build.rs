//! Embeds the shipped content folders (`scenarios/`, `prompts/`, `rubrics/`, `reference/`)
//! into the binary, so adding a scenario is adding a file: no list to keep in step by hand.
//! Each built-in scenario's header (what `dei list` shows) is digested here too, so listing
//! them parses no TOML at run time.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

const FOLDERS: &[&str] = &["scenarios", "prompts", "rubrics", "reference"];

fn main() {
    let root =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in FOLDERS {
        println!("cargo::rerun-if-changed={folder}");
        collect(&root, &root.join(folder), &mut files);
    }
    files.sort();
    let mut out = String::from("&[\n");
    for rel in &files {
        let abs = root.join(rel);
        writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            abs.to_str().expect("content paths are UTF-8")
        )
        .expect("writing to a String cannot fail");
    }
    out.push(']');
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out_dir.join("builtin_files.rs"), out).expect("OUT_DIR is writable");

    let mut headers = String::from("&[\n");
    for rel in files.iter().filter(|f| f.starts_with("scenarios/")) {
        let text = fs::read_to_string(root.join(rel)).expect("content files are UTF-8");
        writeln!(headers, "    ({rel:?}, {:?}),", digest(&text))
            .expect("writing to a String cannot fail");
    }
    headers.push(']');
    fs::write(out_dir.join("builtin_headers.rs"), headers).expect("OUT_DIR is writable");
}

/// The header fields of a scenario file (`id`, `title`, `archetype`, `difficulty`, `summary`,
/// `prompt_file`), when each is written plainly on a line of its own before the first table
/// (`key = "text"`, no escapes) and no inline `prompt` is given; `None` leaves the file to the
/// reading at run time. A test checks every digest against that reading.
fn digest(text: &str) -> Option<[String; 6]> {
    const KEYS: [&str; 6] = [
        "id",
        "title",
        "archetype",
        "difficulty",
        "summary",
        "prompt_file",
    ];
    let mut found: [Option<String>; 6] = Default::default();
    for line in text.lines() {
        if line.trim_start().starts_with('[') {
            break;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim();
        if key == "prompt" {
            return None;
        }
        let Some(slot) = KEYS.iter().position(|k| *k == key) else {
            continue;
        };
        let value = value.trim().strip_prefix('"')?.strip_suffix('"')?;
        if value.contains(['"', '\\']) || found[slot].is_some() {
            return None;
        }
        found[slot] = Some(value.to_owned());
    }
    let [id, title, archetype, difficulty, summary, prompt_file] = found;
    Some([id?, title?, archetype?, difficulty?, summary?, prompt_file?])
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo::rerun-if-changed={}", path.display());
            collect(root, &path, files);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("toml" | "md")
        ) {
            let rel = path
                .strip_prefix(root)
                .expect("collected under the crate root")
                .to_str()
                .expect("content paths are UTF-8")
                .replace('\\', "/");
            files.push(rel);
        }
    }
}
