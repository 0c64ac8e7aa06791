//! The choices of how a report shows its numbers: what the wide table's cells hold
//! (`--values`) and what the heatmap's colours are relative to (`--heatmap-scale`).

use clap::ValueEnum;
use serde::Serialize;

use ctlex::report::heatmap::HeatScale;
use ctlex::report::tables::Values;

/// What the wide table's theme cells hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum ValuesArg {
    Hits,
    #[value(name = "per_1000")]
    #[serde(rename = "per_1000")]
    Per1000,
    Share,
    Statements,
}

impl From<ValuesArg> for Values {
    fn from(values: ValuesArg) -> Values {
        match values {
            ValuesArg::Hits => Values::Hits,
            ValuesArg::Per1000 => Values::Per1000,
            ValuesArg::Share => Values::Share,
            ValuesArg::Statements => Values::Statements,
        }
    }
}

/// What the heatmap's colours are relative to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum HeatmapScaleArg {
    Table,
    Column,
}

impl From<HeatmapScaleArg> for HeatScale {
    fn from(scale: HeatmapScaleArg) -> HeatScale {
        match scale {
            HeatmapScaleArg::Table => HeatScale::Table,
            HeatmapScaleArg::Column => HeatScale::Column,
        }
    }
}
