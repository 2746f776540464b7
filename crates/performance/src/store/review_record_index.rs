//! A semester's review records held in memory: what both `review_datas/query` read.
//!
//! Review records, their values and the tags chosen are written by fixture loads, the admin API
//! and semester replacements, never by the vendor APIs that read them. Database triggers move
//! the catalog revision on every write to those tables, so each snapshot builds a semester's
//! index once, on first use, and every request of that revision on this replica reads its
//! reviewees' records from it, where it read them with two or three statements of one index
//! seek per reviewee (BENCHMARKS.md).
//!
//! The index is packed: its strings are held one after another in one buffer, those that
//! repeat (activities, stages, reviewers, fields, options…) once each, and records name them by
//! position, so that the benchmark's 100,000 records cost about 13 MB, not the 75 MB they take
//! as [`ReviewRecord`]s (the server's memory budget is 150 MB in all). Answers read a record in
//! place ([`IndexedRecord`]), without copying its strings out.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::Arc;

use openwork_platform::clock::Millis;
use openwork_platform::ids::UserId;

use crate::model::{ChosenTag, ReviewRecord, ReviewValue, SemesterId};

/// The position a packed record or value holds for a string it does not have.
const ABSENT: u32 = u32::MAX;

/// Where a string is in [`SemesterReviewRecords::text`]: its first byte and its length.
type Span = (u32, u32);

/// One semester's review records grouped by reviewee, reviewees in `user_id` byte order, each
/// one's records in `record_id` byte order.
#[derive(Debug, Default)]
pub struct SemesterReviewRecords {
    semester_id: SemesterId,
    /// Every string the records hold, one after another.
    text: String,
    /// The strings in `text`: what records and values name by position.
    strings: Vec<Span>,
    /// The reviewees (positions in `strings`) in `user_id` byte order.
    reviewees: Vec<u32>,
    /// `reviewees[i]`'s records are `records[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    records: Vec<PackedRecord>,
    values: Vec<PackedValue>,
    /// Tags chosen: the tag's ID and text.
    tags: Vec<(u32, u32)>,
}

/// A record's strings as positions in [`SemesterReviewRecords::strings`] (so are a value's).
#[derive(Clone, Copy, Debug)]
struct PackedRecord {
    record_id: u32,
    activity_id: u32,
    stage_id: u32,
    reviewee_user_id: u32,
    reviewer_user_id: u32,
    submit_time: Option<Millis>,
    /// The record's values: `values[values.0..values.1]`.
    values: (u32, u32),
}

#[derive(Clone, Copy, Debug)]
struct PackedValue {
    unit_id: u32,
    field_id: u32,
    indicator_id: u32,
    option_id: u32,
    score: u32,
    text: u32,
    tag_based_question_id: u32,
    /// The tags chosen: `tags[tags.0..tags.1]`.
    tags: (u32, u32),
}

/// How many records and values an index will hold: it allocates for them once (a vector grown
/// by doubling would hold up to twice its records, and for a moment three times).
#[derive(Clone, Copy, Debug, Default)]
pub struct IndexSize {
    pub records: usize,
    pub values: usize,
}

/// Builds a [`SemesterReviewRecords`] a record at a time, without holding the records whole
/// (see [`SemesterReviewRecords`]).
pub struct SemesterReviewRecordsBuilder<H = RandomState> {
    index: SemesterReviewRecords,
    /// Strings that may repeat, by their hash: each is held once (but for two with one hash).
    shared: HashMap<u64, u32>,
    hasher: H,
}

impl<H: BuildHasher> SemesterReviewRecordsBuilder<H> {
    /// An empty index of `semester_id`'s records, to fill, finding repeated strings by `hasher`.
    fn with_hasher(semester_id: SemesterId, size: IndexSize, hasher: H) -> Self {
        Self {
            index: SemesterReviewRecords {
                semester_id,
                records: Vec::with_capacity(size.records),
                values: Vec::with_capacity(size.values),
                // Each record holds two strings of its own (its ID and reviewee) and a few
                // shared ones.
                strings: Vec::with_capacity(size.records * 2 + 64),
                ..SemesterReviewRecords::default()
            },
            shared: HashMap::new(),
            hasher,
        }
    }

    /// Adds a record (of the index's semester) without its values: [`Self::value`] adds them.
    pub fn record(&mut self, record: &ReviewRecord) {
        let values = self.index.values.len() as u32;
        let packed = PackedRecord {
            // A record's ID is its own, and most reviewees have a record or two: both are held
            // as given, without the map entry it takes to find a repeat.
            record_id: self.push(record.record_id.as_str()),
            activity_id: self.position(record.activity_id.as_str()),
            stage_id: self.position(record.stage_id.as_str()),
            reviewee_user_id: self.push(record.reviewee_user_id.as_str()),
            reviewer_user_id: self.optional(record.reviewer_user_id.as_ref().map(|u| u.as_str())),
            submit_time: record.submit_time,
            values: (values, values),
        };
        self.index.records.push(packed);
    }

    /// Adds a value, with its tags, to the record added last.
    pub fn value(&mut self, value: &ReviewValue) {
        let first_tag = self.index.tags.len() as u32;
        for tag in &value.tags {
            let chosen = (self.position(&tag.tag_id), self.position(&tag.text));
            self.index.tags.push(chosen);
        }
        let packed = PackedValue {
            unit_id: self.position(&value.unit_id),
            field_id: self.position(&value.field_id),
            indicator_id: self.optional(value.indicator_id.as_ref().map(|i| i.as_str())),
            option_id: self.optional(value.option_id.as_deref()),
            score: self.optional(value.score.as_deref()),
            text: self.optional(value.text.as_deref()),
            tag_based_question_id: self
                .optional(value.tag_based_question_id.as_ref().map(|q| q.as_str())),
            tags: (first_tag, self.index.tags.len() as u32),
        };
        self.index.values.push(packed);
        let record = self
            .index
            .records
            .last_mut()
            .expect("a value follows its record");
        record.values.1 = self.index.values.len() as u32;
    }

    pub fn build(self) -> SemesterReviewRecords {
        let Self { mut index, .. } = self;
        let mut records = std::mem::take(&mut index.records);
        records.sort_unstable_by(|a, b| {
            let key = |r: &PackedRecord| (index.text(r.reviewee_user_id), index.text(r.record_id));
            key(a).cmp(&key(b))
        });
        for (at, record) in (0..).zip(&records) {
            let reviewee = index.text(record.reviewee_user_id);
            let next = index
                .reviewees
                .last()
                .is_none_or(|l| index.text(*l) != reviewee);
            if next {
                index.reviewees.push(record.reviewee_user_id);
                index.starts.push(at);
            }
        }
        index.starts.push(records.len() as u32);
        index.records = records;
        index
    }

    /// The position of a string that may repeat: the one it had if it came before.
    fn position(&mut self, text: &str) -> u32 {
        let hash = self.hasher.hash_one(text);
        match self.shared.get(&hash) {
            Some(&at) if self.index.text(at) == text => at,
            Some(_) => self.push(text),
            None => {
                let at = self.push(text);
                self.shared.insert(hash, at);
                at
            }
        }
    }

    /// The position of a string added as it is.
    fn push(&mut self, text: &str) -> u32 {
        let index = &mut self.index;
        index
            .strings
            .push((index.text.len() as u32, text.len() as u32));
        index.text.push_str(text);
        index.strings.len() as u32 - 1
    }

    fn optional(&mut self, text: Option<&str>) -> u32 {
        text.map_or(ABSENT, |text| self.position(text))
    }
}

impl SemesterReviewRecords {
    /// An empty index of `semester_id`'s records, to fill.
    pub fn builder(semester_id: SemesterId, size: IndexSize) -> SemesterReviewRecordsBuilder {
        SemesterReviewRecordsBuilder::with_hasher(semester_id, size, RandomState::new())
    }

    /// `reviewee`'s records in `record_id` byte order, each with its values and their tags.
    pub fn records_of(
        self: &Arc<Self>,
        reviewee: &UserId,
    ) -> impl Iterator<Item = IndexedRecord> + use<> {
        let found = self
            .reviewees
            .binary_search_by(|at| self.text(*at).cmp(reviewee.as_str()));
        let records = match found {
            Ok(i) => self.starts[i]..self.starts[i + 1],
            Err(_) => 0..0,
        };
        let index = Arc::clone(self);
        records.map(move |at| IndexedRecord {
            index: Arc::clone(&index),
            at,
        })
    }

    fn text(&self, at: u32) -> &str {
        let (start, len) = self.strings[at as usize];
        &self.text[start as usize..(start + len) as usize]
    }

    fn optional(&self, at: u32) -> Option<&str> {
        (at != ABSENT).then(|| self.text(at))
    }
}

/// `record` alone in an index of its own, read in place: how tests make what answers read.
#[cfg(test)]
pub(crate) fn indexed(record: &ReviewRecord) -> IndexedRecord {
    let size = IndexSize {
        records: 1,
        values: record.values.len(),
    };
    let mut builder = SemesterReviewRecords::builder(record.semester_id.clone(), size);
    builder.record(record);
    for value in &record.values {
        builder.value(value);
    }
    let index = Arc::new(builder.build());
    let reviewee = UserId::from(record.reviewee_user_id.as_str());
    index.records_of(&reviewee).next().expect("the one record")
}

/// One record of an index, read in place: its strings stay in the index, which it keeps alive.
#[derive(Clone)]
pub struct IndexedRecord {
    index: Arc<SemesterReviewRecords>,
    /// The record's position in the index's `records`.
    at: u32,
}

impl IndexedRecord {
    fn packed(&self) -> &PackedRecord {
        &self.index.records[self.at as usize]
    }

    pub fn record_id(&self) -> &str {
        self.index.text(self.packed().record_id)
    }

    pub fn semester_id(&self) -> &SemesterId {
        &self.index.semester_id
    }

    pub fn activity_id(&self) -> &str {
        self.index.text(self.packed().activity_id)
    }

    pub fn stage_id(&self) -> &str {
        self.index.text(self.packed().stage_id)
    }

    pub fn reviewee_user_id(&self) -> &str {
        self.index.text(self.packed().reviewee_user_id)
    }

    pub fn reviewer_user_id(&self) -> Option<&str> {
        self.index.optional(self.packed().reviewer_user_id)
    }

    pub fn submit_time(&self) -> Option<Millis> {
        self.packed().submit_time
    }

    /// The record copied out whole, as the index was given it. Answers read records in place;
    /// this is for checking what an index holds.
    pub fn to_record(&self) -> ReviewRecord {
        ReviewRecord {
            record_id: self.record_id().into(),
            semester_id: self.semester_id().clone(),
            activity_id: self.activity_id().into(),
            stage_id: self.stage_id().into(),
            reviewee_user_id: self.reviewee_user_id().into(),
            reviewer_user_id: self.reviewer_user_id().map(UserId::from),
            submit_time: self.submit_time(),
            values: self
                .values()
                .map(|value| ReviewValue {
                    unit_id: value.unit_id().to_owned(),
                    field_id: value.field_id().to_owned(),
                    indicator_id: value.indicator_id().map(Into::into),
                    option_id: value.option_id().map(str::to_owned),
                    score: value.score().map(str::to_owned),
                    text: value.text().map(str::to_owned),
                    tag_based_question_id: value.tag_based_question_id().map(Into::into),
                    tags: value
                        .tags()
                        .map(|(tag_id, text)| ChosenTag {
                            tag_id: tag_id.to_owned(),
                            text: text.to_owned(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// The record's values (answers), in the order they were stored.
    pub fn values(&self) -> impl Iterator<Item = IndexedValue<'_>> {
        let (first, end) = self.packed().values;
        let index = &*self.index;
        index.values[first as usize..end as usize]
            .iter()
            .map(move |value| IndexedValue { index, value })
    }
}

/// The record, not the whole index it points into.
impl std::fmt::Debug for IndexedRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexedRecord")
            .field("record_id", &self.record_id())
            .field("reviewee_user_id", &self.reviewee_user_id())
            .finish_non_exhaustive()
    }
}

/// One value of an [`IndexedRecord`], read in place.
#[derive(Clone, Copy)]
pub struct IndexedValue<'a> {
    index: &'a SemesterReviewRecords,
    value: &'a PackedValue,
}

impl<'a> IndexedValue<'a> {
    pub fn unit_id(&self) -> &'a str {
        self.index.text(self.value.unit_id)
    }

    pub fn field_id(&self) -> &'a str {
        self.index.text(self.value.field_id)
    }

    pub fn indicator_id(&self) -> Option<&'a str> {
        self.index.optional(self.value.indicator_id)
    }

    pub fn option_id(&self) -> Option<&'a str> {
        self.index.optional(self.value.option_id)
    }

    pub fn score(&self) -> Option<&'a str> {
        self.index.optional(self.value.score)
    }

    pub fn text(&self) -> Option<&'a str> {
        self.index.optional(self.value.text)
    }

    pub fn tag_based_question_id(&self) -> Option<&'a str> {
        self.index.optional(self.value.tag_based_question_id)
    }

    /// The tags chosen, in order: each tag's ID and text.
    pub fn tags(&self) -> impl Iterator<Item = (&'a str, &'a str)> + use<'a> {
        let (first, end) = self.value.tags;
        let index = self.index;
        index.tags[first as usize..end as usize]
            .iter()
            .map(move |(tag_id, text)| (index.text(*tag_id), index.text(*text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, reviewee: &str, reviewer: Option<&str>) -> ReviewRecord {
        ReviewRecord {
            record_id: id.into(),
            semester_id: "s".into(),
            activity_id: "a".into(),
            stage_id: "st".into(),
            reviewee_user_id: reviewee.into(),
            reviewer_user_id: reviewer.map(UserId::from),
            submit_time: reviewer.map(|_| Millis(5)),
            values: Vec::new(),
        }
    }

    fn value(field: &str, tags: &[(&str, &str)]) -> ReviewValue {
        ReviewValue {
            unit_id: "un".into(),
            field_id: field.into(),
            indicator_id: tags.is_empty().then(|| "i".into()),
            option_id: tags.is_empty().then(|| "o".into()),
            score: tags.is_empty().then(|| "3.5".into()),
            text: None,
            tag_based_question_id: (!tags.is_empty()).then(|| "q".into()),
            tags: tags
                .iter()
                .map(|(tag_id, text)| ChosenTag {
                    tag_id: (*tag_id).into(),
                    text: (*text).into(),
                })
                .collect(),
        }
    }

    /// Records given as a database may give them (not grouped by reviewee), each with its
    /// values.
    fn given() -> [(ReviewRecord, Vec<ReviewValue>); 4] {
        [
            (record("r3", "u2", Some("u1")), vec![value("f1", &[])]),
            (
                record("r1", "u1", Some("u2")),
                vec![
                    value("f2", &[("t2", "second"), ("t1", "first")]),
                    value("f1", &[]),
                ],
            ),
            (record("r2", "u2", None), vec![]),
            (record("r0", "u1", Some("u1")), vec![value("f1", &[])]),
        ]
    }

    /// The index answers each reviewee's records, whole, in record ID order, however the
    /// strings they share are found.
    fn answers_whole_records_in_record_order(hasher: impl BuildHasher) {
        let given = given();
        let size = IndexSize {
            records: 2,
            values: 1,
        };
        let mut builder = SemesterReviewRecordsBuilder::with_hasher("s".into(), size, hasher);
        for (record, values) in &given {
            builder.record(record);
            for value in values {
                builder.value(value);
            }
        }
        let index = Arc::new(builder.build());
        let whole = |(record, values): &(ReviewRecord, Vec<ReviewValue>)| ReviewRecord {
            values: values.clone(),
            ..record.clone()
        };
        let of = |user: &str| {
            let records = index.records_of(&user.into());
            records.map(|r| r.to_record()).collect::<Vec<_>>()
        };
        assert_eq!(of("u1"), [whole(&given[3]), whole(&given[1])]);
        assert_eq!(of("u2"), [whole(&given[2]), whole(&given[0])]);
        assert!(of("u3").is_empty());
        assert!(of("").is_empty());
    }

    #[test]
    fn a_reviewees_records_come_whole_in_record_order() {
        answers_whole_records_in_record_order(RandomState::new());
        let empty = SemesterReviewRecords::builder("s".into(), IndexSize::default()).build();
        assert_eq!(Arc::new(empty).records_of(&"u1".into()).count(), 0);
    }

    /// Every string hashes alike: one is shared, the others held apart.
    #[derive(Default)]
    struct Colliding;

    impl BuildHasher for Colliding {
        type Hasher = ConstantHasher;
        fn build_hasher(&self) -> ConstantHasher {
            ConstantHasher
        }
    }

    struct ConstantHasher;

    impl std::hash::Hasher for ConstantHasher {
        fn finish(&self) -> u64 {
            7
        }
        fn write(&mut self, _: &[u8]) {}
    }

    #[test]
    fn strings_with_one_hash_stay_apart() {
        answers_whole_records_in_record_order(Colliding);
    }
}
