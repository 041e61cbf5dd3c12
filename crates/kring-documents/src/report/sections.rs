//! The sections of the report, one per measure of `docs/research.md`: each a chart of the
//! measure's main figures per group and a table of all of them.

use kring_domain::{Outcome, ParticipantGroup, Phase};
use kring_research::measures::{GroupMeasures, PartAttendance};

use super::chart::{Mark, Row, Scale};
use super::labels::Labels;
use super::page::{Block, Builder, Section, Table, TableRow, WITHHELD, bar, boxed, cell};

impl Builder<'_> {
    pub(super) fn summary(&self) -> Section {
        let (l, w) = (self.l, self.w);
        let table = self.table_of_every_group(
            l.summary.to_string(),
            vec![
                l.requests.into(),
                l.conferences_held.into(),
                l.summary_days.into(),
                l.summary_circle.into(),
                l.network_share.into(),
                l.summary_kept.into(),
                l.values_withheld.into(),
            ],
            |g| {
                vec![
                    w.count(g.uptake.requests),
                    w.count_share(g.uptake.conferences_held, g.uptake.conference_share),
                    w.quartiles(&g.timing.days_to_conference),
                    w.quartiles(&g.circle.circle_size),
                    w.share(g.plan_items.network_share),
                    w.share(g.agreements_kept.three_months.kept_share),
                    w.whole(g.cells_suppressed),
                ]
            },
        );
        Section {
            id: "summary",
            heading: l.summary,
            intro: Some(l.cohort_note),
            blocks: if self.m.groups.iter().any(|g| g.suppressed) {
                let note = if self.any_shown() {
                    l.withheld_groups_note
                } else {
                    l.every_group_withheld
                };
                vec![
                    Block::Table(table),
                    Block::Note(super::page::fill(note, "min", self.m.min_cell)),
                ]
            } else {
                vec![Block::Table(table)]
            },
        }
    }

    pub(super) fn uptake(&self) -> Section {
        let (l, w) = (self.l, self.w);
        let figure = self.figure(
            "uptake",
            l.uptake_figure,
            l.uptake_caption,
            Scale::Count,
            |g| {
                let u = &g.uptake;
                vec![
                    Row {
                        label: l.requests.into(),
                        mark: bar(u.requests),
                        value: w.count(u.requests),
                    },
                    Row {
                        label: l.conferences_held.into(),
                        mark: bar(u.conferences_held),
                        value: w.count_share(u.conferences_held, u.conference_share),
                    },
                    Row {
                        label: l.withdrawn.into(),
                        mark: bar(u.withdrawn),
                        value: w.count_share(u.withdrawn, u.withdrawn_share),
                    },
                ]
            },
        );
        let table = self.table(
            l.uptake.to_string(),
            vec![
                l.requests.into(),
                l.conferences_held.into(),
                l.withdrawn.into(),
                l.closed.into(),
                l.open.into(),
            ],
            |g| {
                let u = &g.uptake;
                vec![
                    w.count(u.requests),
                    w.count_share(u.conferences_held, u.conference_share),
                    w.count_share(u.withdrawn, u.withdrawn_share),
                    w.count(u.closed),
                    w.count(u.open),
                ]
            },
        );
        // The phases a case can be withdrawn from, as the measures list them.
        let phases: Vec<Phase> = Phase::ALL
            .iter()
            .copied()
            .filter(|p| p.can_go_to(Phase::Withdrawn))
            .collect();
        let phase_count = |g: &GroupMeasures, p: Phase| {
            g.uptake.withdrawn_in_phase.get(p.code()).copied().flatten()
        };
        let by_phase = self.figure(
            "withdrawn",
            l.withdrawn_by_phase,
            l.phase_caption,
            Scale::Count,
            |g| {
                phases
                    .iter()
                    .map(|&p| Row {
                        label: l.phase(p),
                        mark: bar(phase_count(g, p)),
                        value: w.count(phase_count(g, p)),
                    })
                    .collect()
            },
        );
        let phase_table = self.table(
            l.withdrawn_by_phase.to_string(),
            phases.iter().map(|&p| l.phase(p)).collect(),
            |g| phases.iter().map(|&p| w.count(phase_count(g, p))).collect(),
        );
        let outcomes = self.table(
            l.closed_by_outcome.to_string(),
            Outcome::ALL.iter().map(|&o| l.outcome(o).into()).collect(),
            |g| {
                Outcome::ALL
                    .iter()
                    .map(|o| w.count(g.uptake.closed_by_outcome.get(o.code()).copied().flatten()))
                    .collect()
            },
        );
        Section {
            id: "uptake",
            heading: l.uptake,
            intro: Some(l.uptake_intro),
            blocks: vec![
                figure,
                Block::Table(table),
                by_phase,
                Block::Table(phase_table),
                Block::Table(self.transposed(outcomes)),
            ],
        }
    }

    /// A table of many columns (outcomes) with items as rows and groups as columns, when
    /// there are fewer groups than items; as it is otherwise.
    pub(super) fn transposed(&self, t: Table) -> Table {
        if t.rows.len() >= t.head.len() || t.rows.len() > 6 {
            return t;
        }
        let l = self.l;
        Table {
            caption: t.caption,
            corner: l.outcome,
            head: t.rows.iter().map(|r| r.head.clone()).collect(),
            rows: t
                .head
                .iter()
                .enumerate()
                .map(|(i, item)| TableRow {
                    head: item.clone(),
                    note: None,
                    cells: t
                        .rows
                        .iter()
                        .map(|r| {
                            cell(
                                r.cells
                                    .get(i)
                                    .map_or(WITHHELD.to_string(), |c| c.text.clone()),
                            )
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    pub(super) fn timing(&self) -> Section {
        let (l, w) = (self.l, self.w);
        let figure = self.figure("timing", l.timing, l.box_caption, Scale::Count, |g| {
            let t = &g.timing;
            vec![
                Row {
                    label: l.to_coordinator.into(),
                    mark: boxed(&t.days_to_coordinator),
                    value: w.quartiles(&t.days_to_coordinator),
                },
                Row {
                    label: l.to_conference.into(),
                    mark: boxed(&t.days_to_conference),
                    value: w.quartiles(&t.days_to_conference),
                },
            ]
        });
        let q = |label: &str| {
            vec![
                format!("{label}: {}", l.cases.to_lowercase()),
                l.mean.to_string(),
                l.median_quartiles.to_string(),
            ]
        };
        let table = self.table(
            l.timing.to_string(),
            [q(l.to_coordinator), q(l.to_conference)].concat(),
            |g| {
                let (a, b) = (&g.timing.days_to_coordinator, &g.timing.days_to_conference);
                vec![
                    w.count(a.count),
                    w.mean(a.mean),
                    w.quartiles(a),
                    w.count(b.count),
                    w.mean(b.mean),
                    w.quartiles(b),
                ]
            },
        );
        Section {
            id: "timing",
            heading: l.timing,
            intro: Some(l.timing_intro),
            blocks: vec![figure, Block::Table(table)],
        }
    }

    pub(super) fn circle(&self) -> Section {
        let (l, w) = (self.l, self.w);
        let sizes = self.figure(
            "circle",
            l.circle_figure,
            l.box_caption,
            Scale::Count,
            |g| {
                let c = &g.circle;
                vec![
                    Row {
                        label: l.circle_size.into(),
                        mark: boxed(&c.circle_size),
                        value: w.quartiles(&c.circle_size),
                    },
                    Row {
                        label: l.network_members.into(),
                        mark: boxed(&c.network_members),
                        value: w.quartiles(&c.network_members),
                    },
                ]
            },
        );
        let size_table = self.table(
            l.circle_size.to_string(),
            vec![
                l.cases.into(),
                format!("{}: {}", l.circle_size, l.mean.to_lowercase()),
                format!("{}: {}", l.circle_size, l.median_quartiles.to_lowercase()),
                l.network_members.into(),
                l.main_persons.into(),
            ],
            |g| {
                let c = &g.circle;
                vec![
                    w.count(c.cases),
                    w.mean(c.circle_size.mean),
                    w.quartiles(&c.circle_size),
                    w.quartiles(&c.network_members),
                    w.quartiles(&c.main_persons),
                ]
            },
        );
        let widening = self.figure(
            "widening",
            l.widening,
            l.widening_caption,
            Scale::Share,
            |g| {
                let c = &g.circle;
                vec![
                    Row {
                        label: l.at_intake.into(),
                        mark: Mark::Bar(c.share_at_intake),
                        value: w.share(c.share_at_intake),
                    },
                    Row {
                        label: l.widening_circle.into(),
                        mark: Mark::Bar(c.share_widening_circle),
                        value: w.share(c.share_widening_circle),
                    },
                    Row {
                        label: l.at_conference.into(),
                        mark: Mark::Bar(c.share_at_conference),
                        value: w.share(c.share_at_conference),
                    },
                ]
            },
        );
        let widening_table = self.table(
            l.widening.to_string(),
            vec![
                l.at_intake.into(),
                l.widening_circle.into(),
                l.at_conference.into(),
                l.cases_widened.into(),
            ],
            |g| {
                let c = &g.circle;
                vec![
                    w.count_share(c.identified_at_intake, c.share_at_intake),
                    w.count_share(c.identified_widening_circle, c.share_widening_circle),
                    w.count_share(c.identified_at_conference, c.share_at_conference),
                    w.count(c.cases_widened),
                ]
            },
        );
        Section {
            id: "circle",
            heading: l.circle,
            intro: Some(l.circle_intro),
            blocks: vec![
                sizes,
                Block::Table(size_table),
                widening,
                Block::Table(widening_table),
            ],
        }
    }

    pub(super) fn attendance(&self) -> Section {
        let (l, w) = (self.l, self.w);
        fn parts<'g>(
            l: &'static Labels,
            g: &'g GroupMeasures,
        ) -> [(&'static str, &'g PartAttendance); 3] {
            let a = &g.attendance;
            [
                (l.information, &a.information),
                (l.private_time, &a.private_time),
                (l.presentation, &a.presentation),
            ]
        }
        let figure = self.figure(
            "attendance",
            l.attendance,
            l.attendance_caption,
            Scale::Share,
            |g| {
                parts(l, g)
                    .into_iter()
                    .map(|(label, p)| Row {
                        label: label.into(),
                        mark: Mark::Bar(p.circle_share),
                        value: w.share(p.circle_share),
                    })
                    .collect()
            },
        );
        let head = [l.information, l.private_time, l.presentation]
            .into_iter()
            .flat_map(|part| {
                [
                    format!("{part}: {}", l.circle_present.to_lowercase()),
                    l.persons_present.to_string(),
                ]
            })
            .collect();
        let table = self.table(l.attendance.to_string(), head, |g| {
            parts(l, g)
                .into_iter()
                .flat_map(|(_, p)| [w.share(p.circle_share), w.quartiles(&p.persons_present)])
                .collect()
        });
        Section {
            id: "attendance",
            heading: l.attendance,
            intro: Some(l.attendance_intro),
            blocks: vec![figure, Block::Table(table)],
        }
    }

    pub(super) fn plan_items(&self) -> Section {
        let (l, w) = (self.l, self.w);
        let figure = self.figure(
            "plan-items",
            l.plan_items,
            l.plan_items_caption,
            Scale::Share,
            |g| {
                vec![Row {
                    label: l.network_share.into(),
                    mark: Mark::Bar(g.plan_items.network_share),
                    value: w.share(g.plan_items.network_share),
                }]
            },
        );
        let table = self.table(
            l.plan_items.to_string(),
            vec![
                l.plans.into(),
                l.agreements.into(),
                l.requested_help.into(),
                l.network_share.into(),
                format!(
                    "{}: {}",
                    l.items_per_plan,
                    l.median_quartiles.to_lowercase()
                ),
            ],
            |g| {
                let p = &g.plan_items;
                vec![
                    w.count(p.plans),
                    w.count(p.agreements),
                    w.count(p.requested_help),
                    w.share(p.network_share),
                    w.quartiles(&p.items_per_plan),
                ]
            },
        );
        Section {
            id: "plan-items",
            heading: l.plan_items,
            intro: Some(l.plan_items_intro),
            blocks: vec![figure, Block::Table(table)],
        }
    }

    pub(super) fn acceptance(&self) -> Section {
        let (l, w) = (self.l, self.w);
        let figure = self.figure(
            "acceptance",
            l.acceptance,
            l.acceptance_caption,
            Scale::Count,
            |g| {
                let a = &g.acceptance;
                // The share of those accepted after private time is the rest of the first.
                let after = a.first_time_share.map(|s| 1.0 - s);
                vec![
                    Row {
                        label: l.first_time.into(),
                        mark: bar(a.first_time),
                        value: w.count_share(a.first_time, a.first_time_share),
                    },
                    Row {
                        label: l.after_private_time.into(),
                        mark: bar(a.after_private_time),
                        value: w.count_share(a.after_private_time, after),
                    },
                ]
            },
        );
        let table = self.table(
            l.acceptance.to_string(),
            vec![
                l.conferences_held.into(),
                l.accepted.into(),
                l.first_time.into(),
                l.after_private_time.into(),
            ],
            |g| {
                let a = &g.acceptance;
                vec![
                    w.count(a.conferences_held),
                    w.count_share(a.accepted, a.accepted_share),
                    w.count_share(a.first_time, a.first_time_share),
                    w.count(a.after_private_time),
                ]
            },
        );
        Section {
            id: "acceptance",
            heading: l.acceptance,
            intro: Some(l.acceptance_intro),
            blocks: vec![figure, Block::Table(table)],
        }
    }

    pub(super) fn kept(&self) -> Section {
        let (l, w) = (self.l, self.w);
        let figure = self.figure("kept", l.kept, l.kept_caption, Scale::Share, |g| {
            let k = &g.agreements_kept;
            vec![
                Row {
                    label: l.first_evaluation.into(),
                    mark: Mark::Bar(k.first_evaluation.kept_share),
                    value: w.share(k.first_evaluation.kept_share),
                },
                Row {
                    label: l.three_months.into(),
                    mark: Mark::Bar(k.three_months.kept_share),
                    value: w.share(k.three_months.kept_share),
                },
            ]
        });
        let head = [l.first_evaluation, l.three_months]
            .into_iter()
            .flat_map(|slot| {
                [
                    format!("{slot}: {}", l.cases.to_lowercase()),
                    l.kept_reviews.to_string(),
                    l.kept_share.to_string(),
                ]
            })
            .collect();
        let table = self.table(l.kept.to_string(), head, |g| {
            let k = &g.agreements_kept;
            [&k.first_evaluation, &k.three_months]
                .into_iter()
                .flat_map(|s| {
                    let kept = match (s.kept, s.not_kept) {
                        (Some(kept), Some(not)) => {
                            format!("{} / {}", w.whole(kept), w.whole(kept + not))
                        }
                        (kept, _) => w.count(kept),
                    };
                    [w.count(s.cases), kept, w.share(s.kept_share)]
                })
                .collect()
        });
        Section {
            id: "kept",
            heading: l.kept,
            intro: Some(l.kept_intro),
            blocks: vec![figure, Block::Table(table)],
        }
    }

    pub(super) fn follow_up(&self) -> Section {
        let (l, w) = (self.l, self.w);
        let table = self.table(
            l.follow_up.to_string(),
            vec![
                l.conferences_held.into(),
                l.with_follow_up.into(),
                l.follow_up_conferences.into(),
                l.evaluated.into(),
                l.revised.into(),
                l.met_again.into(),
            ],
            |g| {
                let f = &g.follow_up;
                vec![
                    w.count(f.conferences_held),
                    w.count_share(f.cases_with_follow_up_conference, f.follow_up_share),
                    w.count(f.follow_up_conferences),
                    w.count(f.cases_evaluated),
                    w.count(f.cases_revised),
                    w.count(f.cases_met_again),
                ]
            },
        );
        Section {
            id: "follow-up",
            heading: l.follow_up,
            intro: Some(l.follow_up_intro),
            blocks: vec![Block::Table(table)],
        }
    }

    pub(super) fn satisfaction(&self) -> Section {
        let (l, w) = (self.l, self.w);
        let score = |g: &GroupMeasures, p: ParticipantGroup| {
            let s = g.satisfaction.get(p.code());
            let mean = s.and_then(|s| s.mean);
            let scores = s.and_then(|s| s.scores);
            let text = match (mean, scores) {
                (Some(mean), Some(n)) => {
                    format!("{} ({} {})", w.decimal(mean), w.whole(n), l.scores)
                }
                (mean, _) => w.mean(mean),
            };
            (mean, text)
        };
        let figure = self.figure(
            "satisfaction",
            l.satisfaction,
            l.satisfaction_caption,
            Scale::Fixed(10.0),
            |g| {
                ParticipantGroup::ALL
                    .iter()
                    .map(|&p| {
                        let (mean, text) = score(g, p);
                        Row {
                            label: l.participants(p).into(),
                            mark: Mark::Bar(mean),
                            value: text,
                        }
                    })
                    .collect()
            },
        );
        let table = self.table(
            l.satisfaction.to_string(),
            ParticipantGroup::ALL
                .iter()
                .map(|&p| l.participants(p).into())
                .collect(),
            |g| {
                ParticipantGroup::ALL
                    .iter()
                    .map(|&p| score(g, p).1)
                    .collect()
            },
        );
        Section {
            id: "satisfaction",
            heading: l.satisfaction,
            intro: Some(l.satisfaction_intro),
            blocks: vec![figure, Block::Table(table)],
        }
    }
}
