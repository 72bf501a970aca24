//! [`SharedId`]: a short text that thousands of summaries repeat (a scenario id, a band, a
//! signal or red-flag id), held once for the whole process and shared, so 100,000 sessions'
//! summaries are a few tens of megabytes rather than hundreds.
//!
//! The texts are kept for as long as the process runs (they are leaked on purpose): the
//! distinct ids of a history are few, and a `&'static str` costs nothing to copy or drop,
//! where a reference count was touched twice per id of every summary read.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::text::FnvBuild;

/// An interned id: equal texts read on one thread share one allocation.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SharedId(&'static str);

thread_local! {
    /// Every id read so far on this thread. The distinct ids of a history are few (the
    /// scenarios, bands and rubric items), so the table stays small.
    static IDS: RefCell<HashSet<&'static str, FnvBuild>> = RefCell::default();
}

impl SharedId {
    /// The shared copy of `text`.
    #[must_use]
    pub fn new(text: &str) -> Self {
        IDS.with(|ids| {
            let mut ids = ids.borrow_mut();
            if let Some(known) = ids.get(text) {
                return Self(known);
            }
            let id: &'static str = Box::leak(Box::from(text));
            ids.insert(id);
            Self(id)
        })
    }

    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

impl Deref for SharedId {
    type Target = str;

    fn deref(&self) -> &str {
        self.0
    }
}

impl fmt::Debug for SharedId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl fmt::Display for SharedId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, so widths in tables (`{:24}`) apply as they do to a `String`.
        f.pad(self.0)
    }
}

impl PartialEq<str> for SharedId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for SharedId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl From<&str> for SharedId {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl From<String> for SharedId {
    fn from(text: String) -> Self {
        Self::new(&text)
    }
}

impl From<SharedId> for String {
    fn from(id: SharedId) -> Self {
        id.0.to_owned()
    }
}

impl Serialize for SharedId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for SharedId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = SharedId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<SharedId, E> {
                Ok(SharedId::new(text))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_ids_share_one_allocation_and_read_back_as_written() {
        let a: SharedId = serde_json::from_str("\"capacity-math\"").expect("reads");
        let b = SharedId::new("capacity-math");
        assert!(std::ptr::eq(a.0, b.0));
        assert_eq!(a, "capacity-math");
        assert_eq!(format!("[{a:15}]"), "[capacity-math  ]");
        assert_eq!(
            serde_json::to_string(&a).expect("writes"),
            "\"capacity-math\""
        );
        let escaped: SharedId = serde_json::from_str("\"a\\u0062\"").expect("reads");
        assert_eq!(escaped, "ab");
    }
}
