//! One pass over the analysed sentences that gathers what every rule judges from: which
//! sentences ask, pin, derive, name a tool, design for a failure, weigh a trade-off or say
//! where the design breaks. Rules read [`Findings`]; none of them walks the answer again.

use std::collections::{BTreeMap, BTreeSet};

use crate::answer::Answer;
use crate::scenario::{FactTopic, Scenario, Stage};
use std::ops::Range;

use crate::text::{Pattern, PatternSet, Token};

use crate::score::analysis::{self, SentenceInfo};
use crate::score::facts::FactMatcher;
use crate::score::lexicon::{Group, HitKind, Lexicon};

/// The scenario's own vocabulary: which fact a question is about, which reference component a
/// sentence names, and its extra signals.
pub(in crate::score) struct ScenarioPatterns<'a> {
    facts: FactMatcher,
    components: PatternSet,
    pub(super) component_of: Vec<usize>,
    pub(super) extra: Vec<&'a crate::scenario::ExtraSignal>,
    /// Every extra signal's patterns in one set, so a sentence is scanned once for all of
    /// them: the signal (its index in `extra`) and the kind of hit of each pattern.
    extra_patterns: PatternSet,
    extra_of: Vec<(usize, HitKind)>,
    /// The ideas an answer must address.
    pub(super) ideas: Vec<&'a str>,
    /// Every idea's patterns in one set, with the idea (its index in `ideas`) of each.
    idea_patterns: PatternSet,
    idea_of: Vec<usize>,
}

impl<'a> ScenarioPatterns<'a> {
    pub(in crate::score) fn compile(scenario: &'a Scenario) -> Self {
        let mut components = PatternSet::default();
        let mut component_of = Vec::new();
        for (i, c) in scenario.sketch.components.iter().enumerate() {
            for p in c.aliases.iter().filter_map(|p| Pattern::parse(p).ok()) {
                components.push(p);
                component_of.push(i);
            }
        }
        let mut extra_patterns = PatternSet::default();
        let mut extra_of = Vec::new();
        for (i, signal) in scenario.rubric.signals.iter().enumerate() {
            for (list, kind) in [
                (&signal.mentions, HitKind::Mention),
                (&signal.mechanisms, HitKind::Mechanism),
            ] {
                for p in list.iter().filter_map(|p| Pattern::parse(p).ok()) {
                    extra_patterns.push(p);
                    extra_of.push((i, kind));
                }
            }
        }
        let mut idea_patterns = PatternSet::default();
        let mut idea_of = Vec::new();
        for (i, idea) in scenario.rubric.addresses.iter().enumerate() {
            for p in idea.patterns.iter().filter_map(|p| Pattern::parse(p).ok()) {
                idea_patterns.push(p);
                idea_of.push(i);
            }
        }
        Self {
            facts: FactMatcher::compile(scenario),
            components,
            component_of,
            extra: scenario.rubric.signals.iter().collect(),
            extra_patterns,
            extra_of,
            ideas: scenario
                .rubric
                .addresses
                .iter()
                .map(|idea| idea.idea.as_str())
                .collect(),
            idea_patterns,
            idea_of,
        }
    }

    /// Where the extra signals' patterns match in `tokens`: the signal (its index in
    /// `extra`), the kind of hit, and the tokens.
    pub(super) fn extra_hits(&self, tokens: &[Token]) -> Vec<(usize, HitKind, Range<usize>)> {
        self.extra_patterns
            .find_all(tokens)
            .into_iter()
            .map(|m| {
                let (signal, kind) = self.extra_of[m.pattern];
                (signal, kind, m.tokens)
            })
            .collect()
    }
}

/// Everything the rules need, gathered in one pass over the sentences.
#[derive(Default)]
pub(in crate::score) struct Findings {
    pub(super) questions: Vec<usize>,
    pub(super) assumptions: Vec<usize>,
    pub(super) key_topics: BTreeSet<TopicKey>,
    pub(super) key_total: usize,
    /// The deep-dives the scenario's follow-ups probe: the failure topics its author says
    /// matter here, so the ones whose absence is a gap.
    pub(super) probed: Vec<crate::scenario::DeepDive>,
    pub(super) first_topic_sentence: Option<usize>,
    /// Questions asked and assumptions pinned, a sentence counting once per key requirement
    /// it settles.
    pub(super) clarifications: usize,
    /// The first sentence that waves the Clarify move away ("nothing to clarify").
    pub(super) skips_clarify: Option<usize>,
    pub(super) quantities: usize,
    pub(super) arithmetic: Vec<usize>,
    pub(super) conclusions: Vec<usize>,
    pub(super) handwaves: Vec<usize>,
    pub(super) tools_named: BTreeSet<String>,
    pub(super) tools_reasoned: BTreeSet<String>,
    /// Tools named in a sentence that gives them a job ("Pinot for the dashboard") but no why.
    pub(super) tools_with_role: BTreeSet<String>,
    pub(super) unreasoned_tool_sentences: Vec<usize>,
    pub(super) reasoned_tool_sentences: usize,
    pub(super) role_tool_sentences: usize,
    pub(super) components_named: BTreeSet<usize>,
    pub(super) components_reasoned: BTreeSet<usize>,
    pub(super) credited: BTreeMap<Group, usize>,
    pub(super) addressed: BTreeMap<Group, usize>,
    pub(super) dismissed: BTreeMap<Group, usize>,
    pub(super) tradeoffs: Vec<usize>,
    pub(super) breaking: Vec<usize>,
    pub(super) bulletproof: Vec<usize>,
    pub(super) exactly_once_affirmed: Vec<usize>,
    pub(super) exactly_once_everywhere: bool,
    pub(super) partition_choice: Option<usize>,
    pub(super) monitoring_section: Vec<usize>,
    /// Numbers the candidate derived (not facts repeated), and how many of them are off.
    pub(super) derived_claims: usize,
    pub(super) claims_off: usize,
    /// The largest factor by which a derived claim is off.
    pub(super) worst_factor: f64,
    /// For each sentence, ideas named by the heading or the bold label it sits under.
    pub(super) context: Vec<BTreeSet<Group>>,
    pub(super) extra_credited: Vec<Option<usize>>,
    /// For each of the scenario's ideas, whether a sentence addresses it.
    pub(super) ideas_addressed: Vec<bool>,
}

/// `FactTopic` is not `Ord`; key topics are compared by their position in the enum.
pub(super) type TopicKey = u8;

fn topic_key(topic: FactTopic) -> TopicKey {
    topic as u8
}

pub(super) fn gather(
    scenario: &Scenario,
    answer: &Answer<'_>,
    infos: &[SentenceInfo],
    patterns: &ScenarioPatterns<'_>,
    lexicon: &Lexicon,
) -> Findings {
    let mut f = Findings {
        context: contexts(answer, infos, lexicon),
        key_total: scenario
            .facts
            .iter()
            .filter(|fact| fact.key)
            .map(|fact| topic_key(fact.topic))
            .collect::<BTreeSet<_>>()
            .len(),
        probed: scenario.followups.iter().map(|q| q.deep_dive).collect(),
        extra_credited: vec![None; patterns.extra.len()],
        ideas_addressed: vec![false; patterns.ideas.len()],
        ..Findings::default()
    };
    for (i, (sentence, info)) in answer.sentences.iter().zip(infos).enumerate() {
        let tokens = &sentence.tokens;
        gather_clarify(&mut f, i, scenario, sentence, info, patterns);
        gather_size(&mut f, i, info, tokens);
        // "**Kafka** (two topics). Absorbs sale-day bursts ...": a reason later in the same
        // paragraph or list item explains the component too, up to the next sentence that
        // names a tool of its own (whose reason is that tool's). A sentence that gives its
        // tools a reason of its own, even one that only vouches ("Kafka because everyone uses
        // it"), has had its say: a later "because" is about something else.
        let own_reason = info.reason || info.has(Group::Tradeoff);
        let next_reason = !own_reason
            && answer
                .sentences
                .iter()
                .zip(infos)
                .skip(i + 1)
                .take_while(|(next, next_info)| {
                    next.block == sentence.block && !next_info.has(Group::Tool)
                })
                .any(|(_, next_info)| gives_reason(next_info));
        gather_components(&mut f, i, info, next_reason, tokens, patterns);
        gather_topics(&mut f, i, info, tokens);
        gather_framed(&mut f, i, info);
        gather_extra_signals(&mut f, i, info, tokens, patterns);
        if f.ideas_addressed.contains(&false) {
            for m in patterns.idea_patterns.find_all(tokens) {
                if !analysis::is_negated(tokens, &m.tokens) {
                    f.ideas_addressed[patterns.idea_of[m.pattern]] = true;
                }
            }
        }
    }
    withdraw_retracted(&mut f, infos);
    if let Some(&first) = f.monitoring_section.first() {
        f.addressed.entry(Group::Observability).or_insert(first);
        if f.monitoring_section.len() >= 2 {
            f.credited.entry(Group::Observability).or_insert(first);
        }
    }
    f.tradeoffs.dedup();
    f.breaking.dedup();
    f
}

/// The last word on an idea stands: a sentence that takes an idea back ("Actually, we don't
/// need upserts", "compaction we can skip for now") withdraws the credit earlier sentences
/// earned for it, unless a later sentence earns it again. The retraction becomes the evidence
/// for the red flag the idea's absence raises.
fn withdraw_retracted(f: &mut Findings, infos: &[SentenceInfo]) {
    for group in Group::DEEP_DIVE_TOPICS
        .into_iter()
        .chain([Group::Observability])
    {
        let Some(last) = infos.iter().rposition(|info| info.retracts(group)) else {
            continue;
        };
        let earned_after =
            |test: &dyn Fn(&SentenceInfo) -> bool| infos[last + 1..].iter().any(test);
        if f.credited.get(&group).is_some_and(|&i| i < last)
            && !earned_after(&|info| info.credits(group))
        {
            f.credited.remove(&group);
        }
        if f.addressed.get(&group).is_some_and(|&i| i < last)
            && !earned_after(&|info| info.addresses(group))
        {
            f.addressed.remove(&group);
            f.dismissed.insert(group, last);
        }
    }
}

/// Terse items under a "Where it breaks", "Trade-offs" or "Monitoring" frame count when they
/// are about the system.
fn gather_framed(f: &mut Findings, i: usize, info: &SentenceInfo) {
    let framed = |g: Group| f.context.get(i).is_some_and(|c| c.contains(&g));
    // Tool names alone ("Kafka, then Flink") say nothing about limits or trade-offs.
    let tool_words: Vec<&std::ops::Range<usize>> = info
        .hits
        .iter()
        .filter(|h| h.group == Group::Tool)
        .map(|h| &h.tokens)
        .collect();
    let about_system = info
        .anchors
        .iter()
        .any(|a| !tool_words.iter().any(|r| r.contains(a)));
    let item = about_system && !info.question && !(info.list_like && info.words <= 2);
    if framed(Group::Breaking) && item && !f.breaking.contains(&i) {
        f.breaking.push(i);
    }
    if framed(Group::Tradeoff) && item && !f.tradeoffs.contains(&i) {
        f.tradeoffs.push(i);
    }
    if framed(Group::Observability) && item {
        f.monitoring_section.push(i);
    }
}

fn gather_clarify(
    f: &mut Findings,
    i: usize,
    scenario: &Scenario,
    sentence: &crate::answer::Sentence,
    info: &SentenceInfo,
    patterns: &ScenarioPatterns<'_>,
) {
    // "Nothing to clarify" asks nothing and pins nothing, under whatever heading.
    if info.has(Group::SkipsClarify) && !info.question {
        f.skips_clarify.get_or_insert(i);
        return;
    }
    // Each place a fact is named, with the token it starts at.
    let facts = patterns.facts.facts_at(&sentence.tokens);
    let names_a_fact = !facts.is_empty();
    // "I would ask for it" promises a question; a question mark or a named requirement is one.
    // A clarification told in prose ("I'd want to know the freshness target", "I asked two
    // things first") is asking too, when it says about what.
    let told = info.clarifies && (info.anchored || names_a_fact);
    let asks = (info.question && (sentence.question_mark || names_a_fact)) || told;
    if asks {
        f.questions.push(i);
    }
    // Items under a "Clarify" or "Assumptions" heading, and requirements restated aloud
    // ("freshness 2-5 min is fine"), are pinned assumptions. A tool chain typed under the
    // heading ("Kafka into Flink into ClickHouse") is a sketch in the wrong place, not a
    // requirement: unless it names one in words other than a tool's ("Kafka" names the
    // partition-throughput fact), it pins nothing.
    let tool_at = |at: usize| {
        info.hits
            .iter()
            .any(|h| h.group == Group::Tool && h.tokens.contains(&at))
    };
    let names_a_requirement = facts.iter().any(|&(_, at)| !tool_at(at));
    let under_clarify = sentence.stage == Some(Stage::Clarify)
        && info.anchored
        && (names_a_requirement || !info.has(Group::Tool));
    let pinned = (info.assumption && (info.anchored || names_a_fact))
        || (!info.question && (under_clarify || (info.has(Group::Requirement) && names_a_fact)));
    if pinned {
        f.assumptions.push(i);
    }
    // "I'd first confirm the SLA: minutes of lag, eventual consistency, replays safe" settles
    // three requirements in one sentence: each key topic named in an item of its own is one
    // clarification ("how fresh the dashboard must be" is one, though it names the readers).
    if asks || pinned {
        let items = list_items(&sentence.tokens);
        let mut topics = BTreeSet::new();
        let mut asked_in = BTreeSet::new();
        for &(fact, at) in &facts {
            let fact = &scenario.facts[fact];
            if fact.key {
                topics.insert(topic_key(fact.topic));
                asked_in.insert(items[at]);
            }
        }
        f.clarifications += topics.len().min(asked_in.len()).max(1);
    }
    let clarifying = info.question
        || info.clarifies
        || info.assumption
        || info.has(Group::Requirement)
        || sentence.stage == Some(Stage::Clarify);
    if clarifying {
        for &(fact, _) in &facts {
            let fact = &scenario.facts[fact];
            if fact.key && f.key_topics.insert(topic_key(fact.topic)) {
                f.first_topic_sentence.get_or_insert(i);
            }
        }
    }
}

fn gather_size(f: &mut Findings, i: usize, info: &SentenceInfo, tokens: &[crate::text::Token]) {
    f.quantities += info.quantities;
    if info.arithmetic && info.quantities >= 1 {
        f.arithmetic.push(i);
    }
    if info.has(Group::Conclusion) && (info.quantities > 0 || tokens.iter().any(|t| t.numeric)) {
        f.conclusions.push(i);
    }
    if info.has(Group::ScaleHandwave) {
        f.handwaves.push(i);
    }
}

/// Deep-dive topics, trade-offs, limits and the claims behind the red flags.
fn gather_topics(f: &mut Findings, i: usize, info: &SentenceInfo, tokens: &[crate::text::Token]) {
    for group in Group::DEEP_DIVE_TOPICS
        .into_iter()
        .chain([Group::Observability])
    {
        if info.credits(group) {
            f.credited.entry(group).or_insert(i);
        }
        if info.addresses(group) {
            f.addressed.entry(group).or_insert(i);
        }
        if info.dismisses(group) {
            f.dismissed.entry(group).or_insert(i);
        }
    }
    // A trade-off or a limit counts when it is about the system, not the team or the weather.
    if !info.list_like && !info.question && info.anchored && info.has(Group::Tradeoff) {
        f.tradeoffs.push(i);
    }
    if !info.list_like && info.anchored && !info.question && info.has(Group::Breaking) {
        f.breaking.push(i);
    }
    // Terse notes: "breaks: sustained hot key", "trade-off: a little lag for big files".
    if info.anchored && tokens.len() >= 3 {
        let cut = tokens.iter().position(|t| t.clause_break);
        let lead = |group: Group| {
            cut.is_some_and(|cut| {
                cut <= LABEL_WORDS
                    && info
                        .hits
                        .iter()
                        .any(|h| h.group == group && h.tokens.start < cut)
            })
        };
        if lead(Group::BreakingLabel) && !f.breaking.contains(&i) {
            f.breaking.push(i);
        }
        if lead(Group::TradeoffLabel) && !f.tradeoffs.contains(&i) {
            f.tradeoffs.push(i);
        }
    }
    if is_bulletproof_claim(info, tokens) {
        f.bulletproof.push(i);
    }
    // A question about exactly-once ("Exactly-once? Not worth it.") affirms nothing.
    if info.has(Group::ExactlyOnce) && !info.question {
        let rejected = info.retracts(Group::ExactlyOnce)
            || info.has(Group::ExactlyOnceRejected)
            || info.has(Group::Dismissal)
            || tokens
                .windows(3)
                .any(|w| w[0].text == "at" && w[1].text == "least" && w[2].text == "once");
        if !rejected && !info.list_like {
            f.exactly_once_affirmed.push(i);
            if info.has(Group::ExactlyOnceEverywhere) {
                f.exactly_once_everywhere = true;
            }
        }
    }
    if f.partition_choice.is_none() && info.has(Group::HotKeyRouting) {
        f.partition_choice = Some(i);
    }
}

/// Words before its first break that a note's label may take ("Main risk: ...").
const LABEL_WORDS: usize = 2;

/// How many sentences a bold label ("**Risks.**") frames.
const LABEL_REACH: usize = 6;

/// Ideas a heading or a bold label sets up for the sentences under it: under "Where it
/// breaks", "Trade-offs" or "Monitoring", terse items are limits, trade-offs or checks.
fn contexts(
    answer: &Answer<'_>,
    infos: &[SentenceInfo],
    lexicon: &Lexicon,
) -> Vec<BTreeSet<Group>> {
    const FRAMES: [Group; 3] = [Group::Breaking, Group::Tradeoff, Group::Observability];
    let framed = |hits: Vec<crate::score::lexicon::Hit>| -> BTreeSet<Group> {
        hits.into_iter()
            .map(|h| h.group)
            .filter(|g| FRAMES.contains(g))
            .collect()
    };
    let headings: Vec<BTreeSet<Group>> = answer
        .headings
        .iter()
        .map(|words| framed(lexicon.scan(words)))
        .collect();
    let mut label: Option<(BTreeSet<Group>, usize, Option<usize>)> = None;
    let mut out = Vec::with_capacity(answer.sentences.len());
    for (i, (sentence, info)) in answer.sentences.iter().zip(infos).enumerate() {
        let mut groups = sentence
            .heading
            .and_then(|h| headings.get(h))
            .cloned()
            .unwrap_or_default();
        if let Some((label_groups, until, heading)) = &label {
            if i <= *until && *heading == sentence.heading {
                groups.extend(label_groups.iter().copied());
            } else {
                label = None;
            }
        }
        out.push(groups);
        let is_label = (info.list_like || info.question) && info.words <= 6;
        if is_label {
            let own: BTreeSet<Group> = info
                .hits
                .iter()
                .map(|h| h.group)
                .filter(|g| FRAMES.contains(g))
                .collect();
            if !own.is_empty() {
                label = Some((own, i + LABEL_REACH, sentence.heading));
            }
        }
    }
    out
}

fn gather_extra_signals(
    f: &mut Findings,
    i: usize,
    info: &SentenceInfo,
    tokens: &[crate::text::Token],
    patterns: &ScenarioPatterns<'_>,
) {
    if info.list_like
        || info.question
        || info.hedged
        || info.has(Group::Dismissal)
        || info.has(Group::Bulletproof)
    {
        return;
    }
    if !f.extra_credited.contains(&None) {
        return;
    }
    let mut hits = patterns.extra_hits(tokens);
    // "We do not need watermarks" names the idea only to wave it away.
    hits.retain(|(_, _, range)| !analysis::is_negated(tokens, range));
    let substantive = info.words >= analysis::SUBSTANTIVE_WORDS || info.reason;
    for (signal, slot) in f.extra_credited.iter_mut().enumerate() {
        if slot.is_some() {
            continue;
        }
        let found = || hits.iter().filter(|(owner, _, _)| *owner == signal);
        let mechanism = found().any(|(_, kind, _)| *kind == HitKind::Mechanism);
        // Something about the system must be said besides the idea's own words.
        let beyond = info
            .anchors
            .iter()
            .any(|a| !found().any(|(_, _, range)| range.contains(a)));
        if mechanism && substantive && beyond {
            *slot = Some(i);
        }
    }
}

/// "It can never be lost" and "fully fault tolerant" claim the design cannot fail; "so a crash
/// between commit and publish cannot lose a purchase" is a guarantee scoped to a named failure
/// and its mechanism, which is what a strong answer says.
fn is_bulletproof_claim(info: &SentenceInfo, tokens: &[crate::text::Token]) -> bool {
    if info.question {
        return false;
    }
    let names_a_failure = info.has(Group::CrashRecovery) || info.has(Group::Idempotency);
    info.hits.iter().any(|h| {
        h.group == Group::Bulletproof
            && !(names_a_failure && info.reason && tokens[h.tokens.start].text == "can")
    })
}

fn gather_components(
    f: &mut Findings,
    i: usize,
    info: &SentenceInfo,
    next_reason: bool,
    tokens: &[crate::text::Token],
    patterns: &ScenarioPatterns<'_>,
) {
    let reasoned = gives_reason(info) || next_reason;
    // "Pinot for the dashboard", "Kafka as the buffer": a role is more than a bare name, even
    // without a reason, so it does not count towards a tool list.
    let first_tool = info
        .hits
        .iter()
        .filter(|h| h.group == Group::Tool)
        .map(|h| h.tokens.end)
        .min()
        .unwrap_or(usize::MAX);
    // "A Flink job does event-time windows with allowed lateness", "~5 TB a month in S3": a
    // tool in a sentence that states a mechanism or a size is doing a job, not being listed.
    let role = tokens
        .iter()
        .skip(first_tool)
        .any(|t| matches!(t.text.as_str(), "for" | "as"))
        || info.quantities > 0
        || info
            .hits
            .iter()
            .any(|h| h.kind == HitKind::Mechanism && Group::DEEP_DIVE_TOPICS.contains(&h.group));
    let mut named_tool = false;
    for hit in info.hits.iter().filter(|h| h.group == Group::Tool) {
        let name: Vec<&str> = tokens[hit.tokens.clone()]
            .iter()
            .map(|t| t.text.as_str())
            .collect();
        let name = name.join(" ");
        named_tool = true;
        if reasoned {
            f.tools_reasoned.insert(name.clone());
        } else if role && !info.list_like {
            f.tools_with_role.insert(name.clone());
        }
        f.tools_named.insert(name);
    }
    for m in patterns.components.find_all(tokens) {
        let component = patterns.component_of[m.pattern];
        named_tool = true;
        f.components_named.insert(component);
        if reasoned {
            f.components_reasoned.insert(component);
        }
    }
    if named_tool {
        if reasoned {
            f.reasoned_tool_sentences += 1;
        } else if role && !info.list_like {
            f.role_tool_sentences += 1;
        } else {
            f.unreasoned_tool_sentences.push(i);
        }
    }
}

/// Whether a sentence says why: a reason or a trade-off, and not one that only vouches for a
/// tool ("it's battle-tested", "everyone uses it, so it is proven"), which says the tool is
/// good rather than what it does in this design.
fn gives_reason(info: &SentenceInfo) -> bool {
    (info.reason || info.has(Group::Tradeoff)) && !info.has(Group::Vouch)
}

/// The item of a sentence each token belongs to: items are split by punctuation and by
/// "and", "or", "plus" ("how fresh, how big and who reads it" has three).
fn list_items(tokens: &[crate::text::Token]) -> Vec<usize> {
    let mut item = 0;
    tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if i > 0 && (t.clause_break || matches!(t.text.as_str(), "and" | "or" | "plus")) {
                item += 1;
            }
            item
        })
        .collect()
}

/// Which moves the answer's content shows, whatever its headings say.
pub(super) fn moves_present(f: &Findings) -> BTreeMap<Stage, bool> {
    BTreeMap::from([
        (
            Stage::Clarify,
            !f.questions.is_empty() || !f.assumptions.is_empty() || f.key_topics.len() >= 2,
        ),
        (Stage::Size, f.quantities >= 2),
        (
            Stage::Sketch,
            f.tools_named.len() + f.components_named.len() >= 2,
        ),
        (Stage::DeepDive, !f.credited.is_empty()),
        (
            Stage::Defend,
            !f.tradeoffs.is_empty() || !f.breaking.is_empty(),
        ),
    ])
}
