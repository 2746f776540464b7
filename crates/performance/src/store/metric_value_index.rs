//! A semester's metric values held in memory: what `metric_details/query` reads its reviewees'
//! values from.
//!
//! Metric values are written by fixture loads and by `metric_details/import`, which a tenant
//! calls when its metrics are reckoned, a batch of reviewees at a time, not per request.
//! Database triggers move the catalog revision on every write to their table, so each snapshot
//! reads a semester's values once, on first use, where a page of metric details cost a
//! statement with an index seek per reviewee (BENCHMARKS.md).

use openwork_platform::ids::UserId;

use crate::model::{MetricFieldId, MetricId, MetricValue};

/// A semester's metric values in (reviewee, metric, field) byte order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SemesterMetricValues {
    values: Vec<MetricValue>,
}

impl SemesterMetricValues {
    /// The index of these values (a semester's, one per reviewee, metric and field), in any
    /// order.
    pub fn new(mut values: Vec<MetricValue>) -> Self {
        values.sort_unstable_by(|a, b| order_key(a).cmp(&order_key(b)));
        Self { values }
    }

    /// `reviewee`'s values, by metric and then field.
    pub fn of(&self, reviewee: &UserId) -> ReviewedValues<'_> {
        let start = self
            .values
            .partition_point(|v| v.reviewee_user_id < *reviewee);
        let len = self.values[start..].partition_point(|v| v.reviewee_user_id == *reviewee);
        ReviewedValues(&self.values[start..start + len])
    }
}

fn order_key(value: &MetricValue) -> (&str, &str, &str) {
    (
        value.reviewee_user_id.as_str(),
        value.metric_id.as_str(),
        value.field_id.as_str(),
    )
}

/// One reviewee's metric values, by metric and then field.
#[derive(Clone, Copy, Debug)]
pub struct ReviewedValues<'a>(&'a [MetricValue]);

impl<'a> ReviewedValues<'a> {
    /// The value of `field` of the reviewee's `metric`, if one was imported or loaded.
    pub fn field(&self, metric: &MetricId, field: &MetricFieldId) -> Option<&'a MetricValue> {
        let wanted = (metric.as_str(), field.as_str());
        self.0
            .binary_search_by(|v| (v.metric_id.as_str(), v.field_id.as_str()).cmp(&wanted))
            .ok()
            .map(|at| &self.0[at])
    }

    /// The reviewee's values, by metric and then field.
    pub fn iter(&self) -> impl Iterator<Item = &'a MetricValue> + use<'a> {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SemesterId;

    fn value(reviewee: &str, metric: &str, field: &str, text: &str) -> MetricValue {
        MetricValue {
            semester_id: SemesterId::from("1"),
            reviewee_user_id: reviewee.into(),
            metric_id: metric.into(),
            field_id: field.into(),
            value: Some(text.to_owned()),
            person: None,
            import_record_id: None,
        }
    }

    #[test]
    fn a_reviewees_values_are_found_by_metric_and_field_in_any_given_order() {
        let index = SemesterMetricValues::new(vec![
            value("u2", "m", "f", "u2"),
            value("u1", "m2", "f", "m2"),
            value("u1", "m", "f2", "f2"),
            value("u1", "m", "f", "f"),
            value("U", "m", "f", "U"),
        ]);
        let texts = |values: ReviewedValues| -> Vec<String> {
            values.iter().filter_map(|v| v.value.clone()).collect()
        };
        assert_eq!(texts(index.of(&"u1".into())), ["f", "f2", "m2"]);
        assert_eq!(texts(index.of(&"u2".into())), ["u2"]);
        assert_eq!(texts(index.of(&"U".into())), ["U"]);
        assert!(texts(index.of(&"u".into())).is_empty());
        let u1 = index.of(&"u1".into());
        let field = |metric: &str, field: &str| {
            u1.field(&metric.into(), &field.into())
                .and_then(|v| v.value.clone())
        };
        assert_eq!(field("m", "f2").as_deref(), Some("f2"));
        assert_eq!(field("m2", "f").as_deref(), Some("m2"));
        assert_eq!(field("m2", "f2"), None);
    }
}
