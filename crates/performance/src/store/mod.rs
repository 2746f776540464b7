//! The performance service's storage: its ports, the catalog cache over them, their SQL
//! implementation ([`sql`]) and its schema.

mod additional_info_index;
mod legacy;
mod metric_value_index;
mod review_record_index;
mod reviewee_index;
mod sql;
mod task_index;

use std::sync::Arc;

use async_trait::async_trait;
use futures::FutureExt;
use openwork_platform::StoreResult;
use openwork_platform::catalog::{Entries, Snapshot};
use openwork_platform::db::{Db, Legacy, Migration, Schema, check_table};
use openwork_platform::events::Delivery;
use openwork_platform::ids::{AppId, TenantKey, UserId};

pub use additional_info_index::SemesterAdditionalInfos;
pub use metric_value_index::{ReviewedValues, SemesterMetricValues};
#[cfg(test)]
pub(crate) use review_record_index::indexed;
pub use review_record_index::{IndexSize, IndexedRecord, IndexedValue, SemesterReviewRecords};
pub use reviewee_index::SemesterReviewees;
pub use sql::{SqlPerformanceStore, write_section};
pub use task_index::{PackedTask, SemesterTasks};

use crate::fixture::{ReviewCatalog, Section, SemesterParts};
use crate::metric_details::MetricSheets;
use crate::model::*;
use crate::results::ReviewDefinitions;
use crate::status::CompletionFilter;

/// The limit of a read that keeps every row, from the store or from an in-memory index: the
/// largest a SQL `LIMIT` (a signed 64-bit integer) takes. Reads of a whole configuration
/// (templates, indicators, metrics) and of a whole stage ask for it.
pub const EVERY_ROW: usize = i64::MAX as usize;

/// The performance service's tables.
pub static SCHEMA: Schema = Schema {
    component: "performance",
    migrations: &[
        Migration {
            version: 1,
            name: "performance",
            sqlite: include_str!("../../migrations/sqlite/0001_performance.sql"),
            postgres: include_str!("../../migrations/postgres/0001_performance.sql"),
        },
        Migration {
            version: 2,
            name: "review_configuration",
            sqlite: include_str!("../../migrations/sqlite/0002_review_configuration.sql"),
            postgres: include_str!("../../migrations/postgres/0002_review_configuration.sql"),
        },
        Migration {
            version: 3,
            name: "review_results",
            sqlite: include_str!("../../migrations/sqlite/0003_review_results.sql"),
            postgres: include_str!("../../migrations/postgres/0003_review_results.sql"),
        },
        Migration {
            version: 4,
            name: "additional_information",
            sqlite: include_str!("../../migrations/sqlite/0004_additional_information.sql"),
            postgres: include_str!("../../migrations/postgres/0004_additional_information.sql"),
        },
        Migration {
            version: 5,
            name: "metric_configuration",
            sqlite: include_str!("../../migrations/sqlite/0005_metric_configuration.sql"),
            postgres: include_str!("../../migrations/postgres/0005_metric_configuration.sql"),
        },
        Migration {
            version: 6,
            name: "metric_details",
            sqlite: include_str!("../../migrations/sqlite/0006_metric_details.sql"),
            postgres: include_str!("../../migrations/postgres/0006_metric_details.sql"),
        },
        Migration {
            version: 7,
            name: "results_announcements",
            sqlite: include_str!("../../migrations/sqlite/0007_results_announcements.sql"),
            postgres: include_str!("../../migrations/postgres/0007_results_announcements.sql"),
        },
        Migration {
            version: 8,
            name: "stage_tasks_catalog",
            sqlite: include_str!("../../migrations/sqlite/0008_stage_tasks_catalog.sql"),
            postgres: include_str!("../../migrations/postgres/0008_stage_tasks_catalog.sql"),
        },
        Migration {
            version: 9,
            name: "reviewees_catalog",
            sqlite: include_str!("../../migrations/sqlite/0009_reviewees_catalog.sql"),
            postgres: include_str!("../../migrations/postgres/0009_reviewees_catalog.sql"),
        },
        Migration {
            version: 10,
            name: "metric_sheets_catalog",
            sqlite: include_str!("../../migrations/sqlite/0010_metric_sheets_catalog.sql"),
            postgres: include_str!("../../migrations/postgres/0010_metric_sheets_catalog.sql"),
        },
        Migration {
            version: 11,
            name: "review_records_catalog",
            sqlite: include_str!("../../migrations/sqlite/0011_review_records_catalog.sql"),
            postgres: include_str!("../../migrations/postgres/0011_review_records_catalog.sql"),
        },
        Migration {
            version: 12,
            name: "review_definitions_catalog",
            sqlite: include_str!("../../migrations/sqlite/0012_review_definitions_catalog.sql"),
            postgres: include_str!("../../migrations/postgres/0012_review_definitions_catalog.sql"),
        },
        Migration {
            version: 13,
            name: "metric_values_catalog",
            sqlite: include_str!("../../migrations/sqlite/0013_metric_values_catalog.sql"),
            postgres: include_str!("../../migrations/postgres/0013_metric_values_catalog.sql"),
        },
        Migration {
            version: 14,
            name: "additional_informations_catalog",
            sqlite: include_str!(
                "../../migrations/sqlite/0014_additional_informations_catalog.sql"
            ),
            postgres: include_str!(
                "../../migrations/postgres/0014_additional_informations_catalog.sql"
            ),
        },
    ],
    legacy: Legacy {
        tables: &["semesters", "stages", "stage_tasks", "review_templates"],
        adopt: |conn| legacy::adopt_legacy(conn).boxed(),
    },
};

/// Every table's declaration, checked against the migrated schema.
pub async fn check_tables(db: &Db) -> StoreResult<()> {
    check_table::<sql::Settings>(db).await?;
    check_table::<sql::Semesters>(db).await?;
    check_table::<sql::Stages>(db).await?;
    check_table::<sql::StageTasks>(db).await?;
    check_table::<sql::ReviewTemplates>(db).await?;
    check_table::<sql::StageTemplates>(db).await?;
    check_table::<sql::ReviewUnits>(db).await?;
    check_table::<sql::ReviewFields>(db).await?;
    check_table::<sql::UserGroups>(db).await?;
    check_table::<sql::UserGroupMembers>(db).await?;
    check_table::<sql::Activities>(db).await?;
    check_table::<sql::ActivityUserGroups>(db).await?;
    check_table::<sql::Indicators>(db).await?;
    check_table::<sql::IndicatorOptions>(db).await?;
    check_table::<sql::Questions>(db).await?;
    check_table::<sql::QuestionTags>(db).await?;
    check_table::<sql::UserSnapshots>(db).await?;
    check_table::<sql::ReviewRecords>(db).await?;
    check_table::<sql::ReviewValues>(db).await?;
    check_table::<sql::ReviewValueTags>(db).await?;
    check_table::<sql::AdditionalInfos>(db).await?;
    check_table::<sql::Imports>(db).await?;
    check_table::<sql::MetricTags>(db).await?;
    check_table::<sql::MetricFields>(db).await?;
    check_table::<sql::Metrics>(db).await?;
    check_table::<sql::MetricTagLinks>(db).await?;
    check_table::<sql::MetricFieldSettings>(db).await?;
    check_table::<sql::MetricInputters>(db).await?;
    check_table::<sql::MetricTemplates>(db).await?;
    check_table::<sql::MetricDimensions>(db).await?;
    check_table::<sql::TemplateMetrics>(db).await?;
    check_table::<sql::MetricValues>(db).await?;
    Ok(())
}

/// Which stage tasks a query selects: per stage, which of its tasks by completion. Stages not
/// listed are not selected at all.
pub type StageSelection = [(StageId, CompletionFilter)];

/// One user's selected stage tasks: an entry of a `find_by_page` page, their stages as
/// positions in the semester index's [`SemesterTasks::stages`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserTasks {
    pub user_id: UserId,
    pub tasks: Vec<PackedTask>,
}

/// A reviewee of a semester and the activities it is reviewed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reviewee {
    pub user_id: UserId,
    pub activities: Vec<ActivityId>,
}

/// Which of a semester's additional information a read selects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AdditionalInfoFilter {
    All,
    ItemIds(Vec<ItemId>),
    ExternalIds(Vec<String>),
    Reviewees(Vec<UserId>),
}

/// Which library metrics a read selects: each filter given narrows the selection.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MetricFilter {
    pub is_active: Option<bool>,
    /// Metrics with at least one of these tags.
    pub tag_ids: Option<Vec<MetricTagId>>,
    pub type_ids: Option<Vec<String>>,
    pub range_of_availability: Option<String>,
    pub scoring_setting_type: Option<String>,
}

/// A replacement of a user group's members (`user_group_user_rels/write`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupWrite {
    pub app_id: AppId,
    pub client_token: String,
    pub group_id: UserGroupId,
    pub scope_visible_setting: i64,
    /// The new members, in order, without repeats.
    pub members: Vec<UserId>,
}

/// A semester's stages and review records as stored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SemesterReviews {
    /// In declaration order.
    pub stages: Vec<Stage>,
    /// By `record_id`, each with its values.
    pub records: Vec<ReviewRecord>,
}

/// How many rows of each kind a tenant holds (the admin API's summary).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub semesters: usize,
    pub stages: usize,
    pub stage_tasks: usize,
    pub review_templates: usize,
    pub activities: usize,
    pub user_groups: usize,
    pub indicators: usize,
    pub questions: usize,
    pub review_records: usize,
    pub additional_informations: usize,
}

/// The performance data a request reads on its way in, as of a catalog snapshot: [`Cached`]
/// answers it from the snapshot.
#[async_trait]
pub trait PerformanceCatalog: Send + Sync {
    /// The tenant's licence and late-submission rule (`None` when there is no such tenant).
    async fn settings(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
    ) -> StoreResult<Option<PerformanceSettings>>;
    /// A semester with its stages in declaration order.
    async fn semester(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
        id: &SemesterId,
    ) -> StoreResult<Option<Arc<SemesterStages>>>;
    /// The tenant's semesters by start time, as [`PerformanceStore::semesters`] reads them: what
    /// both `review_datas/query` and `semester/list` choose from on every request.
    async fn semester_list(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
    ) -> StoreResult<Arc<Vec<Semester>>>;
    /// Every stage task of a semester (none when there is no such semester), indexed for
    /// selection (see [`SemesterTasks`]).
    async fn semester_tasks(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
        semester: &SemesterId,
    ) -> StoreResult<Arc<SemesterTasks>>;
    /// A semester's activities and reviewees (none when there is no such semester), indexed
    /// for selection (see [`SemesterReviewees`]).
    async fn semester_reviewees(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
        semester: &SemesterId,
    ) -> StoreResult<Arc<SemesterReviewees>>;
    /// A semester's review records with their values (none when there is no such semester),
    /// grouped by reviewee (see [`SemesterReviewRecords`]).
    async fn semester_review_records(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
        semester: &SemesterId,
    ) -> StoreResult<Arc<SemesterReviewRecords>>;
    /// The tenant's metric templates as sheets (each template's metrics as the library and its
    /// fields define them): what every reviewee's metric details follow.
    async fn metric_sheets(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
    ) -> StoreResult<Arc<MetricSheets>>;
    /// A semester's imported and loaded metric values (none when there is no such semester),
    /// by reviewee (see [`SemesterMetricValues`]).
    async fn semester_metric_values(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
        semester: &SemesterId,
    ) -> StoreResult<Arc<SemesterMetricValues>>;
    /// A semester's additional information (none when there is no such semester), by item ID
    /// (see [`SemesterAdditionalInfos`]).
    async fn semester_additional_infos(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
        semester: &SemesterId,
    ) -> StoreResult<Arc<SemesterAdditionalInfos>>;
    /// The tenant's review templates and indicators (what review data v1 names beside its
    /// records).
    async fn review_definitions(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
    ) -> StoreResult<Arc<ReviewDefinitions>>;
}

/// The rest of the performance data.
#[async_trait]
pub trait PerformanceStore: Send + Sync {
    async fn counts(&self, tenant: &TenantKey) -> StoreResult<Counts>;
    /// Everything the tenant holds that a fixture declares, as [`write_section`] would write
    /// it (the export of a fixture): semesters by start time, stages in their order, every
    /// other list by ID, children in their order.
    async fn section(&self, tenant: &TenantKey) -> StoreResult<Section>;
    async fn semesters(&self, tenant: &TenantKey) -> StoreResult<Vec<Semester>>;
    /// Templates in ID byte order after `after` (all, or only those of `ids`), at most `limit`.
    async fn review_templates(
        &self,
        tenant: &TenantKey,
        ids: Option<&[ReviewTemplateId]>,
        after: Option<&ReviewTemplateId>,
        limit: usize,
    ) -> StoreResult<Vec<ReviewTemplate>>;

    /// The IDs of the tenant's review configuration (what admin API bodies may name).
    async fn review_catalog(&self, tenant: &TenantKey) -> StoreResult<ReviewCatalog>;
    /// Activities by ID, or (when `ids` is `None`) those of the semesters; in ID byte order,
    /// each with its user groups.
    async fn activities(
        &self,
        tenant: &TenantKey,
        semesters: &[SemesterId],
        ids: Option<&[ActivityId]>,
    ) -> StoreResult<Vec<Activity>>;
    /// Indicators in ID byte order after `after` (all, or only those of `ids`), at most `limit`.
    async fn indicators(
        &self,
        tenant: &TenantKey,
        ids: Option<&[IndicatorId]>,
        after: Option<&IndicatorId>,
        limit: usize,
    ) -> StoreResult<Vec<Indicator>>;
    /// Questions in ID byte order after `after` (all, or only those of `ids`), at most `limit`.
    async fn questions(
        &self,
        tenant: &TenantKey,
        ids: Option<&[QuestionId]>,
        after: Option<&QuestionId>,
        limit: usize,
    ) -> StoreResult<Vec<Question>>;
    /// Every user group with its members.
    async fn user_groups(&self, tenant: &TenantKey) -> StoreResult<Vec<UserGroup>>;
    /// The snapshots the semester recorded for these users.
    async fn user_snapshots(
        &self,
        tenant: &TenantKey,
        semester: &SemesterId,
        users: &[UserId],
    ) -> StoreResult<Vec<UserSnapshot>>;
    /// A semester's additional information in `item_id` byte order after `after`, at most
    /// `limit`: all of it, or the items with these IDs, external IDs or reviewees.
    async fn additional_infos(
        &self,
        tenant: &TenantKey,
        semester: &SemesterId,
        only: &AdditionalInfoFilter,
        after: Option<&ItemId>,
        limit: usize,
    ) -> StoreResult<Vec<AdditionalInfo>>;
    /// Writes an import's items (each created or replaced by `item_id`) with its record, in one
    /// transaction: false (and nothing written) when the record's client token was used
    /// before. `Conflict` when an external ID was taken meanwhile.
    async fn import_additional_infos(
        &self,
        tenant: &TenantKey,
        record: &ImportRecord,
        items: &[AdditionalInfo],
    ) -> StoreResult<bool>;
    /// Writes an import's metric values (each replacing the value of its field) with its
    /// record, in one transaction: false (and nothing written) when the record's client token
    /// was used before.
    async fn import_metric_values(
        &self,
        tenant: &TenantKey,
        record: &ImportRecord,
        values: &[MetricValue],
    ) -> StoreResult<bool>;
    /// Deletes these items of the semester; answers those that existed.
    async fn delete_additional_infos(
        &self,
        tenant: &TenantKey,
        semester: &SemesterId,
        items: &[ItemId],
    ) -> StoreResult<Vec<ItemId>>;
    /// Metric tags in ID byte order after `after` (all, or only those of `ids`), at most
    /// `limit`.
    async fn metric_tags(
        &self,
        tenant: &TenantKey,
        ids: Option<&[MetricTagId]>,
        after: Option<&MetricTagId>,
        limit: usize,
    ) -> StoreResult<Vec<MetricTag>>;
    /// Metric fields in ID byte order (all, or only those of `ids`).
    async fn metric_fields(
        &self,
        tenant: &TenantKey,
        ids: Option<&[MetricFieldId]>,
    ) -> StoreResult<Vec<MetricField>>;
    /// Library metrics in ID byte order after `after` that match `filter`, at most `limit`,
    /// each with its tags, field settings and inputters.
    async fn metrics(
        &self,
        tenant: &TenantKey,
        after: Option<&MetricId>,
        limit: usize,
        filter: &MetricFilter,
    ) -> StoreResult<Vec<Metric>>;
    /// Metric templates in ID byte order after `after` (all, or only those of `ids`; only those
    /// of `status` when given), at most `limit`, with their dimensions and metrics.
    async fn metric_templates(
        &self,
        tenant: &TenantKey,
        ids: Option<&[MetricTemplateId]>,
        status: Option<&str>,
        after: Option<&MetricTemplateId>,
        limit: usize,
    ) -> StoreResult<Vec<MetricTemplate>>;
    /// A user group without its members.
    async fn user_group(
        &self,
        tenant: &TenantKey,
        id: &UserGroupId,
    ) -> StoreResult<Option<UserGroup>>;
    /// Replaces a group's members and visibility, once per client token of the app: false
    /// (and nothing written) when the token was used before.
    async fn write_group_members(
        &self,
        tenant: &TenantKey,
        write: &GroupWrite,
    ) -> StoreResult<bool>;

    /// A semester's stages (in declaration order) and review records (by ID, with their
    /// values) as stored: what a replacement is compared with.
    async fn semester_reviews(
        &self,
        tenant: &TenantKey,
        semester: &SemesterId,
    ) -> StoreResult<SemesterReviews>;
    /// Replaces a semester with its stages, their tasks and its activities (creating it if
    /// new; `parts` holds one semester), storing the `deliveries` of the events it causes with
    /// it. The replacement was prepared against the semester's stages `replaced`: false (and
    /// nothing written) when their results' openings stand otherwise now (a replica announced
    /// one meanwhile), so that no opening is announced twice; prepare it again.
    async fn replace_semester(
        &self,
        tenant: &TenantKey,
        parts: &SemesterParts,
        replaced: &[Stage],
        deliveries: &[Delivery],
    ) -> StoreResult<bool>;
    /// Deletes a semester with its stages and tasks; false when there was none.
    async fn delete_semester(&self, tenant: &TenantKey, id: &SemesterId) -> StoreResult<bool>;
    async fn stage(&self, tenant: &TenantKey, id: &StageId) -> StoreResult<Option<Stage>>;
    /// Stores a stage's changed fields; false when there is no such stage. A stage whose
    /// results are announced ([`Stage::results_announced`]) is announced by this write only if
    /// it was not before: then, and only then, `deliveries` (the announcement) are stored with
    /// it. A stage whose results are not announced is stored so (its results closed, or are
    /// not open yet).
    async fn update_stage(
        &self,
        tenant: &TenantKey,
        stage: &Stage,
        deliveries: &[Delivery],
    ) -> StoreResult<bool>;
    /// Every stage of every tenant whose results have an opening time and were not announced,
    /// with its tenant: the openings that may be due (each tenant's clock decides).
    async fn unannounced_openings(&self) -> StoreResult<Vec<(TenantKey, Stage)>>;
    /// Announces the opening of `stage`'s results at its `results_open_time`, storing
    /// `deliveries` with it: false (and nothing stored) when that opening was announced
    /// already or is no longer the stage's.
    async fn announce_results(
        &self,
        tenant: &TenantKey,
        stage: &Stage,
        deliveries: &[Delivery],
    ) -> StoreResult<bool>;
    /// Deletes a stage with its tasks; false when there was none.
    async fn delete_stage(&self, tenant: &TenantKey, id: &StageId) -> StoreResult<bool>;
    async fn stage_task(
        &self,
        tenant: &TenantKey,
        stage: &StageId,
        user: &UserId,
    ) -> StoreResult<Option<StageTask>>;
    async fn put_stage_task(&self, tenant: &TenantKey, task: &StageTask) -> StoreResult<()>;
    async fn delete_stage_task(
        &self,
        tenant: &TenantKey,
        stage: &StageId,
        user: &UserId,
    ) -> StoreResult<bool>;
    async fn put_review_template(
        &self,
        tenant: &TenantKey,
        template: &ReviewTemplate,
    ) -> StoreResult<()>;
    async fn delete_review_template(
        &self,
        tenant: &TenantKey,
        id: &ReviewTemplateId,
    ) -> StoreResult<bool>;
}

/// [`PerformanceCatalog`] answered from the snapshot a read is made as of, and from `S` on a
/// miss.
pub struct Cached<S>(pub S);

#[derive(Default)]
struct Catalog {
    settings: Entries<TenantKey, PerformanceSettings>,
    semesters: Entries<(TenantKey, SemesterId), Arc<SemesterStages>>,
    semester_lists: Entries<TenantKey, Arc<Vec<Semester>>>,
    tasks: Entries<(TenantKey, SemesterId), Arc<SemesterTasks>>,
    reviewees: Entries<(TenantKey, SemesterId), Arc<SemesterReviewees>>,
    review_records: Entries<(TenantKey, SemesterId), Arc<SemesterReviewRecords>>,
    metric_sheets: Entries<TenantKey, Arc<MetricSheets>>,
    metric_values: Entries<(TenantKey, SemesterId), Arc<SemesterMetricValues>>,
    additional_infos: Entries<(TenantKey, SemesterId), Arc<SemesterAdditionalInfos>>,
    review_definitions: Entries<TenantKey, Arc<ReviewDefinitions>>,
}

#[async_trait]
impl<S: PerformanceCatalog> PerformanceCatalog for Cached<S> {
    async fn settings(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
    ) -> StoreResult<Option<PerformanceSettings>> {
        at.cache::<Catalog>()
            .settings
            .get_or_load(tenant, || self.0.settings(at, tenant))
            .await
    }

    async fn semester(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
        id: &SemesterId,
    ) -> StoreResult<Option<Arc<SemesterStages>>> {
        let key = (tenant.clone(), id.clone());
        at.cache::<Catalog>()
            .semesters
            .get_or_load(&key, || self.0.semester(at, tenant, id))
            .await
    }

    async fn semester_list(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
    ) -> StoreResult<Arc<Vec<Semester>>> {
        let build = || self.0.semester_list(at, tenant);
        get_or_build(&at.cache::<Catalog>().semester_lists, tenant, build).await
    }

    async fn semester_tasks(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
        semester: &SemesterId,
    ) -> StoreResult<Arc<SemesterTasks>> {
        let key = (tenant.clone(), semester.clone());
        let build = || self.0.semester_tasks(at, tenant, semester);
        get_or_build(&at.cache::<Catalog>().tasks, &key, build).await
    }

    async fn semester_reviewees(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
        semester: &SemesterId,
    ) -> StoreResult<Arc<SemesterReviewees>> {
        let key = (tenant.clone(), semester.clone());
        let build = || self.0.semester_reviewees(at, tenant, semester);
        get_or_build(&at.cache::<Catalog>().reviewees, &key, build).await
    }

    async fn semester_review_records(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
        semester: &SemesterId,
    ) -> StoreResult<Arc<SemesterReviewRecords>> {
        let key = (tenant.clone(), semester.clone());
        let build = || self.0.semester_review_records(at, tenant, semester);
        get_or_build(&at.cache::<Catalog>().review_records, &key, build).await
    }

    async fn metric_sheets(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
    ) -> StoreResult<Arc<MetricSheets>> {
        let build = || self.0.metric_sheets(at, tenant);
        get_or_build(&at.cache::<Catalog>().metric_sheets, tenant, build).await
    }

    async fn semester_metric_values(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
        semester: &SemesterId,
    ) -> StoreResult<Arc<SemesterMetricValues>> {
        let key = (tenant.clone(), semester.clone());
        let build = || self.0.semester_metric_values(at, tenant, semester);
        get_or_build(&at.cache::<Catalog>().metric_values, &key, build).await
    }

    async fn semester_additional_infos(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
        semester: &SemesterId,
    ) -> StoreResult<Arc<SemesterAdditionalInfos>> {
        let key = (tenant.clone(), semester.clone());
        let build = || self.0.semester_additional_infos(at, tenant, semester);
        get_or_build(&at.cache::<Catalog>().additional_infos, &key, build).await
    }

    async fn review_definitions(
        &self,
        at: &Snapshot,
        tenant: &TenantKey,
    ) -> StoreResult<Arc<ReviewDefinitions>> {
        let build = || self.0.review_definitions(at, tenant);
        get_or_build(&at.cache::<Catalog>().review_definitions, tenant, build).await
    }
}

/// An entry that every load answers (an index, a tenant's sheets; never "none"): the
/// snapshot's, or `build`'s on a miss.
async fn get_or_build<K, V, F>(
    entries: &Entries<K, Arc<V>>,
    key: &K,
    build: impl FnOnce() -> F,
) -> StoreResult<Arc<V>>
where
    K: std::hash::Hash + Eq + Clone,
    F: std::future::Future<Output = StoreResult<Arc<V>>>,
{
    let load = || async { build().await.map(Some) };
    let built = entries.get_or_load(key, load).await?;
    Ok(built.expect("every load answers an entry"))
}
