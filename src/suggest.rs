//! "Did you mean ...?" suggestions for misspelt ids, keys and names.

/// The candidate closest to `input`, if one is close enough to be a likely typo.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&input, &c.to_lowercase()), c))
        .filter(|(similarity, _)| *similarity >= 0.8)
        // Ties go to the name first in order, so the same typo always gets the same answer.
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// "did you mean `x`?" for the closest candidate, or `otherwise` when none is close.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: impl FnOnce() -> String,
) -> String {
    closest(input, candidates).map_or_else(otherwise, |c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_near_misses_only() {
        let ids = ["realtime-analytics", "cdc-ingestion", "dedup-reconcile"];
        assert_eq!(
            closest("realtime-analytic", ids),
            Some("realtime-analytics")
        );
        assert_eq!(
            closest("Realtime-Analytics", ids),
            Some("realtime-analytics")
        );
        assert_eq!(closest("zzz", ids), None);
    }
}
