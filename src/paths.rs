//! Where user files live: the platform config folder (via `directories`), `DEI_SCENARIOS` and
//! `--scenarios`.

use std::path::PathBuf;

use anyhow::{Context as _, bail};

/// The environment variable naming extra scenario folders (a path list, like `PATH`).
pub const SCENARIOS_ENV: &str = "DEI_SCENARIOS";

/// The platform config folder's `scenarios/` (`~/.config/dei/scenarios` on Linux).
pub fn config_scenarios() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "dei").map(|d| d.config_dir().join("scenarios"))
}

/// Every user scenario folder, in load order: the config folder (if it exists), then
/// `DEI_SCENARIOS`, then `--scenarios`. A folder named explicitly must exist.
pub fn scenario_folders(explicit: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut folders: Vec<PathBuf> = config_scenarios()
        .filter(|p| p.is_dir())
        .into_iter()
        .collect();
    if let Some(list) = std::env::var_os(SCENARIOS_ENV) {
        for dir in std::env::split_paths(&list).filter(|p| !p.as_os_str().is_empty()) {
            if !dir.is_dir() {
                bail!(
                    "{SCENARIOS_ENV} names {}, which is not a folder",
                    dir.display()
                );
            }
            folders.push(dir);
        }
    }
    for dir in explicit {
        let meta = std::fs::metadata(dir)
            .with_context(|| format!("--scenarios {}: cannot open the folder", dir.display()))?;
        if !meta.is_dir() {
            bail!("--scenarios {}: not a folder", dir.display());
        }
        folders.push(dir.clone());
    }
    Ok(folders)
}
