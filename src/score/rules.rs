//! From analysed sentences to a scorecard: what each move earned, which strong signals the
//! answer shows and which red flags it raises, each with the sentence behind it.

use std::collections::{BTreeMap, BTreeSet};

use crate::answer::Answer;
use crate::rubric::{Rubric, ScenarioRubric};
use crate::scenario::{FactTopic, Scenario, Stage};
use crate::text::{Pattern, PatternSet};

use super::analysis::{SentenceInfo, analyse};
use super::facts::FactMatcher;
use super::lexicon::{Group, HitKind, Lexicon};
use super::{Band, EvidenceKind, ItemResult, Scorecard, StageScore};

/// Points available per move; they sum to 100.
const STAGE_MAX: [(Stage, u32); 5] = [
    (Stage::Clarify, 20),
    (Stage::Size, 20),
    (Stage::Sketch, 20),
    (Stage::DeepDive, 25),
    (Stage::Defend, 15),
];

/// The scenario's own vocabulary: which fact a question is about, which reference component a
/// sentence names, and its extra signals.
pub(super) struct ScenarioPatterns<'a> {
    facts: FactMatcher,
    components: PatternSet,
    component_of: Vec<usize>,
    extra: Vec<(&'a crate::scenario::ExtraSignal, PatternSet, Vec<HitKind>)>,
    /// The ideas an answer must address, each with its patterns.
    ideas: Vec<(&'a str, PatternSet)>,
}

impl<'a> ScenarioPatterns<'a> {
    pub(super) fn compile(scenario: &'a Scenario) -> Self {
        let mut components = PatternSet::default();
        let mut component_of = Vec::new();
        for (i, c) in scenario.sketch.components.iter().enumerate() {
            for p in c.aliases.iter().filter_map(|p| Pattern::parse(p).ok()) {
                components.push(p);
                component_of.push(i);
            }
        }
        let extra = scenario
            .rubric
            .signals
            .iter()
            .map(|signal| {
                let mut set = PatternSet::default();
                let mut kinds = Vec::new();
                for (list, kind) in [
                    (&signal.mentions, HitKind::Mention),
                    (&signal.mechanisms, HitKind::Mechanism),
                ] {
                    for p in list.iter().filter_map(|p| Pattern::parse(p).ok()) {
                        set.push(p);
                        kinds.push(kind);
                    }
                }
                (signal, set, kinds)
            })
            .collect();
        let ideas = scenario
            .rubric
            .addresses
            .iter()
            .map(|idea| {
                let mut set = PatternSet::default();
                for p in idea.patterns.iter().filter_map(|p| Pattern::parse(p).ok()) {
                    set.push(p);
                }
                (idea.idea.as_str(), set)
            })
            .collect();
        Self {
            facts: FactMatcher::compile(scenario),
            components,
            component_of,
            extra,
            ideas,
        }
    }
}

/// Everything the rules need, gathered in one pass over the sentences.
#[derive(Default)]
struct Findings {
    questions: Vec<usize>,
    assumptions: Vec<usize>,
    key_topics: BTreeSet<TopicKey>,
    key_total: usize,
    first_topic_sentence: Option<usize>,
    quantities: usize,
    arithmetic: Vec<usize>,
    conclusions: Vec<usize>,
    handwaves: Vec<usize>,
    tools_named: BTreeSet<String>,
    tools_reasoned: BTreeSet<String>,
    unreasoned_tool_sentences: Vec<usize>,
    reasoned_tool_sentences: usize,
    role_tool_sentences: usize,
    components_named: BTreeSet<usize>,
    components_reasoned: BTreeSet<usize>,
    credited: BTreeMap<Group, usize>,
    addressed: BTreeMap<Group, usize>,
    dismissed: BTreeMap<Group, usize>,
    tradeoffs: Vec<usize>,
    breaking: Vec<usize>,
    bulletproof: Vec<usize>,
    exactly_once_affirmed: Vec<usize>,
    exactly_once_everywhere: bool,
    partition_choice: Option<usize>,
    monitoring_section: Vec<usize>,
    /// Numbers the candidate derived (not facts repeated), and how many of them are off.
    derived_claims: usize,
    claims_off: usize,
    /// The largest factor by which a derived claim is off.
    worst_factor: f64,
    /// For each sentence, ideas named by the heading or the bold label it sits under.
    context: Vec<BTreeSet<Group>>,
    extra_credited: Vec<Option<usize>>,
    /// For each of the scenario's ideas, whether a sentence addresses it.
    ideas_addressed: Vec<bool>,
}

/// `FactTopic` is not `Ord`; key topics are compared by their position in the enum.
type TopicKey = u8;

fn topic_key(topic: FactTopic) -> TopicKey {
    topic as u8
}

fn gather(
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
        extra_credited: vec![None; patterns.extra.len()],
        ideas_addressed: vec![false; patterns.ideas.len()],
        ..Findings::default()
    };
    for (i, (sentence, info)) in answer.sentences.iter().zip(infos).enumerate() {
        let tokens = &sentence.tokens;
        gather_clarify(&mut f, i, scenario, sentence, info, patterns);
        gather_size(&mut f, i, info, tokens);
        // "**Kafka** (two topics). Absorbs sale-day bursts ...": a reason later in the same
        // paragraph or list item explains the component too.
        let next_reason = answer
            .sentences
            .iter()
            .zip(infos)
            .skip(i + 1)
            .take_while(|(next, _)| next.block == sentence.block)
            .any(|(_, next_info)| next_info.reason || next_info.has(Group::Tradeoff));
        gather_components(&mut f, i, info, next_reason, tokens, patterns);
        gather_topics(&mut f, i, info, tokens);
        gather_framed(&mut f, i, info);
        gather_extra_signals(&mut f, i, info, tokens, patterns);
        for (seen, (_, set)) in f.ideas_addressed.iter_mut().zip(&patterns.ideas) {
            if !*seen {
                *seen = set
                    .find_all(tokens)
                    .iter()
                    .any(|m| !super::analysis::is_negated(tokens, &m.tokens));
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
    let facts = patterns.facts.facts_in(&sentence.tokens);
    // "I would ask for it" promises a question; a question mark or a named requirement is one.
    // A clarification told in prose ("I'd want to know the freshness target", "I asked two
    // things first") is asking too, when it says about what.
    let told = info.clarifies && (info.anchored || !facts.is_empty());
    if (info.question && (sentence.question_mark || !facts.is_empty())) || told {
        f.questions.push(i);
    }
    // Items under a "Clarify" or "Assumptions" heading, and requirements restated aloud
    // ("freshness 2-5 min is fine"), are pinned assumptions.
    let pinned = !info.question
        && ((sentence.stage == Some(Stage::Clarify) && info.anchored)
            || (info.has(Group::Requirement) && !facts.is_empty()));
    if (info.assumption && (info.anchored || !facts.is_empty())) || pinned {
        f.assumptions.push(i);
    }
    let clarifying = info.question
        || info.clarifies
        || info.assumption
        || info.has(Group::Requirement)
        || sentence.stage == Some(Stage::Clarify);
    if clarifying {
        for fact in facts {
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
        let lead = |stems: &[&str]| {
            tokens
                .iter()
                .position(|t| t.clause_break)
                .is_some_and(|cut| {
                    cut <= 2
                        && tokens[..cut]
                            .iter()
                            .any(|t| stems.iter().any(|s| t.text.starts_with(s)))
                })
        };
        if lead(&["break", "fail", "risk", "limit", "bottleneck", "weak"])
            && !f.breaking.contains(&i)
        {
            f.breaking.push(i);
        }
        if lead(&["tradeoff", "trade", "cost", "price", "downside"]) && !f.tradeoffs.contains(&i) {
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
    if f.partition_choice.is_none() && keys_by_an_entity(tokens) {
        f.partition_choice = Some(i);
    }
}

/// "partition by `seller_id`", "`keyBy(seller_id)`": routing by an entity that can be hot, the
/// sentence to quote when the answer never considers skew (not "partitioned by hour").
pub(super) fn keys_by_an_entity(tokens: &[crate::text::Token]) -> bool {
    // Entities that can carry a large share of traffic (a big seller on a sale day); users
    // and sessions are many and small, and routing by them spreads load.
    const ENTITIES: [&str; 8] = [
        "seller", "merchant", "customer", "shop", "store", "tenant", "product", "brand",
    ];
    tokens.iter().enumerate().any(|(i, t)| {
        let routes = ["partition", "key", "shard", "hash", "group"]
            .iter()
            .any(|p| t.text.starts_with(p));
        routes
            && tokens[i + 1..]
                .iter()
                .take(5)
                .any(|n| ENTITIES.iter().any(|e| n.text.starts_with(e)))
    })
}

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
    let framed = |hits: Vec<super::lexicon::Hit>| -> BTreeSet<Group> {
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
    for (slot, (_, set, kinds)) in f.extra_credited.iter_mut().zip(&patterns.extra) {
        if slot.is_some() {
            continue;
        }
        let mut found = set.find_all(tokens);
        // "We do not need watermarks" names the idea only to wave it away.
        found.retain(|m| !super::analysis::is_negated(tokens, &m.tokens));
        let mechanism = found.iter().any(|m| kinds[m.pattern] == HitKind::Mechanism);
        let substantive = info.words >= super::analysis::SUBSTANTIVE_WORDS || info.reason;
        // Something about the system must be said besides the idea's own words.
        let beyond = info
            .anchors
            .iter()
            .any(|a| !found.iter().any(|m| m.tokens.contains(a)));
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
    let reasoned = info.reason || info.has(Group::Tradeoff) || next_reason;
    // "Pinot for the dashboard", "Kafka as the buffer": a role is more than a bare name, even
    // without a reason, so it does not count towards a tool list.
    let first_tool = info
        .hits
        .iter()
        .filter(|h| h.group == Group::Tool)
        .map(|h| h.tokens.end)
        .min()
        .unwrap_or(usize::MAX);
    let role = tokens
        .iter()
        .skip(first_tool)
        .any(|t| matches!(t.text.as_str(), "for" | "as"));
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

/// Which moves the answer's content shows, whatever its headings say.
fn moves_present(f: &Findings) -> BTreeMap<Stage, bool> {
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

fn ratio(n: usize, of: f64) -> f64 {
    (n as f64 / of).min(1.0)
}

/// One rubric item's verdict before it is written up: whether it holds, the sentence behind
/// it, and what to say when no single sentence shows it (an absence).
struct Verdict {
    hit: bool,
    sentence: Option<usize>,
    note: String,
}

impl Verdict {
    fn new(hit: bool, sentence: Option<usize>, note: impl Into<String>) -> Self {
        Self {
            hit,
            sentence,
            note: note.into(),
        }
    }
}

/// Verdicts by rubric id.
type Verdicts = BTreeMap<&'static str, Verdict>;

/// What grading reads besides the answer: the scenario and everything prepared for it.
pub(super) struct Context<'a> {
    pub scenario: &'a Scenario,
    pub rubric: &'a Rubric,
    pub lexicon: &'a Lexicon,
    pub patterns: &'a ScenarioPatterns<'a>,
    pub calc: &'a crate::calc::Calculator,
    pub sims: &'a super::design::SimCache,
}

/// Grades a parsed answer; with `explain`, each item lists the sentences it considered.
// One pass from findings to the card, reading top to bottom; each judgement is its own
// function already.
#[allow(clippy::too_many_lines)]
pub(super) fn grade(cx: &Context<'_>, answer: &Answer<'_>, explain: bool) -> Scorecard {
    let Context {
        scenario,
        rubric,
        lexicon,
        patterns,
        calc,
        sims,
    } = *cx;
    let infos = analyse(answer, lexicon);
    let mut f = gather(scenario, answer, &infos, patterns, lexicon);
    let claims = super::claims::check_with(answer, scenario, calc);
    let (simulations, simulations_not_run) = super::design::check(answer, &infos, scenario, sims);
    tally_claims(&mut f, &claims);
    let in_force = rubric.for_scenario(scenario);
    let present = moves_present(&f);
    let overreach = exactly_once_overreach(&f);
    let signals_judged = judge_signals(&f, &present, answer, overreach);
    let flags_judged = judge_flags(&f, answer, overreach);

    let stages = stage_scores(&f, &present, &in_force, patterns);
    let moves_total: u32 = stages.iter().map(|s| s.score).sum();
    let mut penalty_total = 0;

    let write_up = |id: &str, title: &str, advice: &str, verdict: Option<&Verdict>| {
        let mut item = ItemResult {
            id: id.to_owned(),
            title: title.to_owned(),
            hit: false,
            evidence: None,
            span: None,
            evidence_kind: None,
            advice: advice.to_owned(),
            penalty: None,
            considered: None,
        };
        let Some(verdict) = verdict.filter(|v| v.hit) else {
            return item;
        };
        item.hit = true;
        if let Some(sentence) = verdict.sentence.and_then(|i| answer.sentences.get(i)) {
            item.evidence = Some(answer.quote(sentence));
            item.span = Some([sentence.span.start, sentence.span.end]);
            item.evidence_kind = Some(EvidenceKind::Quote);
        } else {
            item.evidence = Some(verdict.note.clone());
            item.evidence_kind = Some(EvidenceKind::Note);
        }
        item
    };

    let mut signals: Vec<ItemResult> = in_force
        .signals
        .iter()
        .map(|(def, _)| {
            write_up(
                &def.id,
                &def.title,
                &def.advice,
                signals_judged.get(def.id.as_str()),
            )
        })
        .collect();
    for (i, (signal, _, _)) in patterns.extra.iter().enumerate() {
        let idx = f.extra_credited[i];
        let verdict = Verdict::new(idx.is_some(), idx, "");
        signals.push(write_up(
            &signal.id,
            &signal.title,
            &signal.advice,
            Some(&verdict),
        ));
    }
    let mut red_flags: Vec<ItemResult> = in_force
        .red_flags
        .iter()
        .map(|(def, penalty)| {
            let mut item = write_up(
                &def.id,
                &def.title,
                &def.advice,
                flags_judged.get(def.id.as_str()),
            );
            if item.hit {
                let points = penalty.round() as u32;
                penalty_total += points;
                item.penalty = Some(points);
            }
            item
        })
        .collect();
    if explain {
        for item in signals.iter_mut().chain(red_flags.iter_mut()) {
            item.considered = Some(considered(&item.id, &f, answer, &infos));
        }
    }
    let all_moves = signals_judged.get("five-moves").is_some_and(|v| v.hit);
    let relevance = relevance(&f, patterns);
    let (score, capped) = final_score(moves_total, penalty_total, all_moves, relevance.as_ref());
    Scorecard {
        scenario: scenario.id.clone(),
        score,
        band: Band::of(score),
        moves_total,
        penalty_total,
        capped,
        stages,
        signals,
        red_flags,
        words: answer.word_count(),
        headed: !answer.headed_stages.is_empty(),
        claims,
        simulations,
        simulations_not_run,
        relevance,
    }
}

/// The sentences rubric item `id` looked at, each with whether it counted and why.
fn considered(
    id: &str,
    f: &Findings,
    answer: &Answer<'_>,
    infos: &[SentenceInfo],
) -> Vec<super::explain::Considered> {
    use super::explain;
    let groups = explain::groups_of(id);
    let in_list = |list: &[usize], i: usize| list.contains(&i);
    answer
        .sentences
        .iter()
        .zip(infos)
        .enumerate()
        .filter(|(_, (sentence, info))| explain::considers(id, info, sentence.question_mark))
        .map(|(i, (sentence, info))| {
            let kept = |g: &Group| f.credited.contains_key(g);
            let counted = match id {
                "tradeoffs" => in_list(&f.tradeoffs, i),
                "breaking-points" => in_list(&f.breaking, i),
                "bulletproof" => in_list(&f.bulletproof, i),
                "assumptions" | "no-clarify" => {
                    in_list(&f.questions, i) || in_list(&f.assumptions, i)
                }
                "capacity-math" => in_list(&f.arithmetic, i),
                "hand-wave-scale" => in_list(&f.handwaves, i),
                "tool-list" => in_list(&f.unreasoned_tool_sentences, i),
                "exactly-once-overreach" => in_list(&f.exactly_once_affirmed, i),
                "failure-modes" | "happy-path-only" => {
                    groups.iter().any(|g| info.credits(*g) && kept(g))
                }
                _ => groups
                    .iter()
                    .any(|g| info.addresses(*g) && f.addressed.contains_key(g)),
            };
            // A sentence that earned an idea the answer later took back.
            let retracted_by = groups
                .iter()
                .filter(|g| info.credits(**g) && !kept(g))
                .find_map(|g| {
                    infos[i + 1..]
                        .iter()
                        .position(|later| later.retracts(*g))
                        .map(|at| i + 1 + at)
                });
            explain::Considered {
                span: [sentence.span.start, sentence.span.end],
                counted,
                why: explain::why(id, info, counted, retracted_by),
            }
        })
        .collect()
}

/// The score after red flags and the two holds: an answer that skips a whole move is not
/// strong, however good the rest (`capped`), and an answer to another question is not an
/// answer to this one, however fluent.
fn final_score(
    moves_total: u32,
    penalty_total: u32,
    all_moves: bool,
    relevance: Option<&super::Relevance>,
) -> (u32, bool) {
    let mut score = moves_total.saturating_sub(penalty_total).min(100);
    let capped = !all_moves && score >= super::STRONG_AT;
    if capped {
        score = super::STRONG_AT - 1;
    }
    if let Some(limit) = relevance.and_then(|r| r.limit) {
        score = score.min(super::highest_score_in(limit));
    }
    (score, capped)
}

/// Share of a scenario's ideas an answer must address to be strong: two thirds of what the
/// question is about (4 of 5 or 6 ideas).
pub const RELEVANT_FOR_STRONG: f64 = 2.0 / 3.0;
/// Share below which the answer is weak: addressing under half of what the question is about,
/// it answers some other question.
pub const RELEVANT_FOR_MIXED: f64 = 0.5;

/// Which of the scenario's ideas the answer addresses, and the band that allows.
fn relevance(f: &Findings, patterns: &ScenarioPatterns<'_>) -> Option<super::Relevance> {
    if patterns.ideas.is_empty() {
        return None;
    }
    let (addressed, missing): (Vec<_>, Vec<_>) = patterns
        .ideas
        .iter()
        .zip(&f.ideas_addressed)
        .partition(|(_, seen)| **seen);
    // A little slack so that 4 of 6 is exactly two thirds.
    let share = addressed.len() as f64 / patterns.ideas.len() as f64 + 1e-9;
    let limit = if share < RELEVANT_FOR_MIXED {
        Some(Band::Weak)
    } else if share < RELEVANT_FOR_STRONG {
        Some(Band::Mixed)
    } else {
        None
    };
    let names = |list: Vec<(&(&str, PatternSet), &bool)>| {
        list.into_iter()
            .map(|((name, _), _)| (*name).to_owned())
            .collect()
    };
    Some(super::Relevance {
        addressed: names(addressed),
        missing: names(missing),
        limit,
    })
}

/// Counts the figures the candidate derived and how many are off.
fn tally_claims(f: &mut Findings, claims: &[super::claims::Claim]) {
    for claim in claims.iter().filter(|c| !c.given) {
        f.derived_claims += 1;
        if claim.verdict == super::claims::ClaimVerdict::Off {
            f.claims_off += 1;
            f.worst_factor = f.worst_factor.max(claim.factor);
        }
    }
}

/// The numbers hold: no derived figure is 10x off, and most are within 2x.
fn math_holds(f: &Findings) -> bool {
    f.worst_factor < 10.0 && f.claims_off * 2 <= f.derived_claims
}

/// Exactly-once affirmed as the design, on every hop or instead of idempotent writes.
fn exactly_once_overreach(f: &Findings) -> bool {
    let idempotent_design = f.credited.contains_key(&Group::Idempotency);
    !f.exactly_once_affirmed.is_empty() && (f.exactly_once_everywhere || !idempotent_design)
}

fn judge_signals(
    f: &Findings,
    present: &BTreeMap<Stage, bool>,
    answer: &Answer<'_>,
    overreach: bool,
) -> Verdicts {
    let first = |v: &[usize]| v.first().copied();
    let moves = present.values().filter(|p| **p).count();
    let headed: BTreeSet<Stage> = answer.headed_stages.iter().copied().collect();
    // When the answer's failure story is "transactions everywhere make failure impossible",
    // its crash and duplicate handling is that story, not a treatment of failure modes.
    let failure_credited: Vec<usize> = Group::FAILURE_TOPICS
        .iter()
        .filter(|g| !(overreach && matches!(g, Group::Idempotency | Group::CrashRecovery)))
        .filter_map(|g| f.credited.get(g).copied())
        .collect();
    let clarifying = f.questions.len() + f.assumptions.len();
    let did_math = f.quantities >= 3 && !f.arithmetic.is_empty() && math_holds(f);
    Verdicts::from([
        (
            "tradeoffs",
            Verdict::new(f.tradeoffs.len() >= 2, first(&f.tradeoffs), ""),
        ),
        (
            "assumptions",
            Verdict::new(
                clarifying >= 2 && f.key_topics.len() >= 2,
                first(&f.assumptions)
                    .or(first(&f.questions))
                    .or(f.first_topic_sentence),
                format!("{clarifying} questions or assumptions"),
            ),
        ),
        (
            "capacity-math",
            Verdict::new(
                did_math,
                // Prefer arithmetic that reaches a decision, then any arithmetic.
                f.conclusions
                    .iter()
                    .find(|i| f.arithmetic.contains(i))
                    .copied()
                    .or(first(&f.arithmetic)),
                "",
            ),
        ),
        (
            "breaking-points",
            Verdict::new(!f.breaking.is_empty(), first(&f.breaking), ""),
        ),
        (
            "five-moves",
            Verdict::new(
                moves == 5 || (headed.len() == 5 && moves >= 4),
                None,
                if moves == 5 {
                    "clarify, size, sketch, deep-dive and defend are all in the answer".to_owned()
                } else {
                    format!("all five moves are headed, {moves} of them carry content")
                },
            ),
        ),
        (
            "failure-modes",
            Verdict::new(
                failure_credited.len() >= 2,
                failure_credited
                    .get(1)
                    .or(failure_credited.first())
                    .copied(),
                "",
            ),
        ),
    ])
}

/// Tools named without the job they do: most tool mentions carry no reason or role, or a
/// short answer is little but names.
fn tool_list(f: &Findings, answer: &Answer<'_>) -> Verdict {
    let tools = f.tools_named.len();
    let tool_sentences =
        f.reasoned_tool_sentences + f.role_tool_sentences + f.unreasoned_tool_sentences.len();
    // A role ("Kafka for ingestion") is half of an explanation: it says what, not why.
    let reasoned_share = if tool_sentences == 0 {
        1.0
    } else {
        (f.reasoned_tool_sentences as f64 + 0.5 * f.role_tool_sentences as f64)
            / tool_sentences as f64
    };
    let short = answer.word_count() < 80;
    Verdict::new(
        (tools >= 3 && (reasoned_share < 0.4 || f.tools_reasoned.len() * 3 < tools))
            || (short && tools >= 2 && f.tools_reasoned.is_empty()),
        f.unreasoned_tool_sentences.first().copied(),
        format!(
            "{tools} tools named, {} with a reason",
            f.tools_reasoned.len()
        ),
    )
}

fn judge_flags(f: &Findings, answer: &Answer<'_>, overreach: bool) -> Verdicts {
    let first = |v: &[usize]| v.first().copied();
    let clarifying = f.questions.len() + f.assumptions.len();
    // Waving scale away is about not doing the math; wrong math is judged by the claims.
    let did_math = f.quantities >= 3 && !f.arithmetic.is_empty();
    let absent_or_dismissed = |group: Group, what: &str| {
        // A dismissal counts unless the answer does the thing properly elsewhere ("simply
        // restarting the job wouldn't rewind" next to a real replay plan is not a dismissal).
        let dismissed = f
            .dismissed
            .get(&group)
            .copied()
            .filter(|_| !f.credited.contains_key(&group));
        let addressed = f.addressed.contains_key(&group);
        Verdict::new(
            dismissed.is_some() || !addressed,
            dismissed,
            format!("nothing in the answer deals with {what}"),
        )
    };
    let any_failure = Group::FAILURE_TOPICS
        .iter()
        .any(|g| f.credited.contains_key(g));
    Verdicts::from([
        ("tool-list", tool_list(f, answer)),
        (
            "no-clarify",
            Verdict::new(
                clarifying == 0 && f.key_topics.len() <= 1,
                None,
                "no question is asked and no assumption is stated",
            ),
        ),
        (
            "hand-wave-scale",
            Verdict::new(
                !did_math || (!f.handwaves.is_empty() && f.quantities < 4),
                first(&f.handwaves),
                format!(
                    "{} quantities with units and no arithmetic that derives one from another",
                    f.quantities
                ),
            ),
        ),
        (
            "bulletproof",
            Verdict::new(!f.bulletproof.is_empty(), first(&f.bulletproof), ""),
        ),
        (
            "exactly-once-overreach",
            Verdict::new(overreach, first(&f.exactly_once_affirmed), ""),
        ),
        (
            "no-replay",
            absent_or_dismissed(Group::Replay, "reprocessing history after a bug"),
        ),
        (
            "ignores-skew",
            Verdict::new(
                !f.addressed.contains_key(&Group::Skew),
                f.partition_choice,
                "nothing in the answer considers a hot key or uneven partitions",
            ),
        ),
        (
            "no-compaction",
            Verdict::new(
                !f.addressed.contains_key(&Group::SmallFiles),
                None,
                "nothing in the answer says how file sizes are kept healthy",
            ),
        ),
        (
            "no-monitoring",
            absent_or_dismissed(
                Group::Observability,
                "freshness or volume checks and alerting",
            ),
        ),
        (
            "happy-path-only",
            Verdict::new(
                !any_failure && f.breaking.is_empty(),
                None,
                "no failure is walked through: no crash, duplicate, hot key or schema change",
            ),
        ),
    ])
}

fn stage_scores(
    f: &Findings,
    present: &BTreeMap<Stage, bool>,
    rubric: &ScenarioRubric<'_>,
    patterns: &ScenarioPatterns<'_>,
) -> Vec<StageScore> {
    let w = |id: &str| rubric.signal_weight(id);
    let clarifying = f.questions.len() + f.assumptions.len();
    let key_needed = f.key_total.clamp(1, 4) as f64;
    let failure_topics = Group::DEEP_DIVE_TOPICS
        .iter()
        .filter(|g| f.credited.contains_key(g))
        .count();
    let observability = if f.credited.contains_key(&Group::Observability) {
        1.0
    } else if f.addressed.contains_key(&Group::Observability) {
        0.5
    } else {
        0.0
    };
    let reference = patterns
        .component_of
        .iter()
        .collect::<BTreeSet<_>>()
        .len()
        .max(1) as f64;
    let reasoned_parts = f.components_reasoned.len().max(f.tools_reasoned.len());
    let mut math = 0.35 * ratio(f.quantities, 6.0)
        + 0.35 * ratio(f.arithmetic.len(), 2.0)
        + 0.3 * if f.conclusions.is_empty() { 0.0 } else { 1.0 };
    // Arithmetic that lands on the wrong numbers is worth less than arithmetic that holds.
    if f.derived_claims > 0 {
        let ok_share = 1.0 - f.claims_off as f64 / f.derived_claims as f64;
        math *= 0.5 + 0.5 * ok_share;
    }

    let criteria: BTreeMap<Stage, Vec<(f64, f64)>> = BTreeMap::from([
        (
            Stage::Clarify,
            vec![
                (w("assumptions"), ratio(clarifying, 3.0)),
                (1.5, ratio(f.key_topics.len(), key_needed)),
            ],
        ),
        (Stage::Size, vec![(w("capacity-math"), math)]),
        (
            Stage::Sketch,
            vec![
                (2.0, ratio(reasoned_parts, 4.0)),
                (
                    1.0,
                    ratio(f.components_named.len(), (reference * 0.5).max(3.0)),
                ),
            ],
        ),
        (
            Stage::DeepDive,
            vec![(w("failure-modes"), ratio(failure_topics, 3.0))],
        ),
        (
            Stage::Defend,
            vec![
                (w("tradeoffs"), ratio(f.tradeoffs.len(), 3.0)),
                (w("breaking-points"), ratio(f.breaking.len(), 2.0)),
                (1.0, observability),
            ],
        ),
    ]);
    // A scenario's own signals refine a move; they carry a fixed share of it so that adding
    // one never outweighs the move's core criteria.
    let mut extra: BTreeMap<Stage, Vec<(f64, f64)>> = BTreeMap::new();
    for (i, (signal, _, _)) in patterns.extra.iter().enumerate() {
        let earned = if f.extra_credited[i].is_some() {
            1.0
        } else {
            0.0
        };
        extra
            .entry(signal.stage)
            .or_default()
            .push((rubric.signal_weight(&signal.id), earned));
    }
    let maxima = stage_maxima(rubric);
    STAGE_MAX
        .iter()
        .zip(maxima)
        .map(|(&(stage, _), max)| {
            let core = weighted(criteria.get(&stage));
            let fraction = match extra.get(&stage) {
                Some(list) => (1.0 - EXTRA_SHARE) * core + EXTRA_SHARE * weighted(Some(list)),
                None => core,
            };
            StageScore {
                stage,
                score: (fraction * f64::from(max)).round() as u32,
                max,
                present: present.get(&stage).copied().unwrap_or(false),
            }
        })
        .collect()
}

/// Points per move for this scenario: a scenario's weight on a signal scales its move's share
/// of the 100 points (`capacity-math = 1.5` makes sizing count half as much again), and the
/// shares are rounded so they still sum to exactly 100.
fn stage_maxima(rubric: &ScenarioRubric<'_>) -> [u32; 5] {
    let emphasis = |stage: Stage| {
        let factors: Vec<f64> = rubric
            .signals
            .iter()
            .filter(|(def, _)| def.stage == Some(stage) && def.weight > 0.0)
            .map(|(def, weight)| weight / def.weight)
            .collect();
        if factors.is_empty() {
            1.0
        } else {
            factors.iter().sum::<f64>() / factors.len() as f64
        }
    };
    let raw: Vec<f64> = STAGE_MAX
        .iter()
        .map(|&(stage, max)| f64::from(max) * emphasis(stage))
        .collect();
    let total: f64 = raw.iter().sum();
    let exact: Vec<f64> = raw.iter().map(|r| r * 100.0 / total).collect();
    let mut maxima = [0u32; 5];
    for (slot, value) in maxima.iter_mut().zip(&exact) {
        *slot = value.floor() as u32;
    }
    // Largest remainders take the points lost to rounding down.
    let mut order: Vec<usize> = (0..5).collect();
    order.sort_by(|&a, &b| {
        let ra = exact[a] - exact[a].floor();
        let rb = exact[b] - exact[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    let missing = 100 - maxima.iter().sum::<u32>();
    for &i in order.iter().take(missing as usize) {
        maxima[i] += 1;
    }
    maxima
}

/// Share of a move's points that the scenario's own signals carry, when it has any.
const EXTRA_SHARE: f64 = 0.2;

/// The weighted mean of (weight, fraction) criteria; 0 when there are none.
fn weighted(list: Option<&Vec<(f64, f64)>>) -> f64 {
    let list = list.map_or(&[][..], Vec::as_slice);
    let weight: f64 = list.iter().map(|(w, _)| w).sum();
    let earned: f64 = list.iter().map(|(w, v)| w * v).sum();
    if weight > 0.0 { earned / weight } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Catalog;

    #[test]
    fn scenario_weights_shift_points_between_moves_and_keep_the_total() {
        let rubric = Rubric::builtin();
        let catalog = Catalog::builtin(rubric);
        let mut scenario = catalog.get("realtime-analytics").expect("built-in").clone();
        scenario.rubric.weights.clear();
        let even = stage_maxima(&rubric.for_scenario(&scenario));
        assert_eq!(even, [20, 20, 20, 25, 15]);
        scenario.rubric.weights.insert("capacity-math".into(), 3.0);
        let heavy = stage_maxima(&rubric.for_scenario(&scenario));
        assert_eq!(heavy.iter().sum::<u32>(), 100);
        assert!(heavy[1] > 40, "{heavy:?}");
        assert!(heavy[0] < 20, "{heavy:?}");
    }
}
