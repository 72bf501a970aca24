//! What the benchmarks share: the built-in scenario and a realistic 1,500-word answer.

use dei::scenario::Scenario;

/// About 1,500 words: the model answer, then paragraphs of a second, differently written
/// strong answer until the count is reached.
pub fn long_answer(scenario: &Scenario) -> String {
    let mut answer = scenario.model_answer.clone().expect("model answer");
    let second = include_str!("../../tests/fixtures/answers/realtime-analytics/strong-prose.md");
    for paragraph in second.split("\n\n") {
        if answer.split_whitespace().count() >= 1500 {
            break;
        }
        answer.push_str("\n\n");
        answer.push_str(paragraph);
    }
    assert!(answer.split_whitespace().count() >= 1500);
    answer
}
