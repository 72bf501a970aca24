//! User data on disk: drafts and the session history, in the platform data folder. Every
//! write is atomic; a file that cannot be read is reported with its path, never replaced.
