//! The chart of section 2: `cargo check` time of the generated crate against the spec's
//! operation count, ours and progenitor's, written as SVG beside `BENCHMARKS.md`.

use std::path::Path;

use anyhow::{anyhow, Result};
use plotters::prelude::*;

use crate::compile::{Comparison, GroupCost};

/// The chart's file name, next to `BENCHMARKS.md`.
pub const FILE: &str = "BENCHMARKS-check-time.svg";

/// One measured crate: operations and check seconds.
type Point = (f64, f64);

/// Our points and progenitor's, each sorted by operations.
pub fn series(comparisons: &[Comparison], groups: &GroupCost) -> (Vec<Point>, Vec<Point>) {
    let mut ours: Vec<Point> = comparisons
        .iter()
        .map(|c| (c.operations as f64, c.ours.check.as_secs_f64()))
        .collect();
    ours.push((groups.operations as f64, groups.full.check.as_secs_f64()));
    let mut theirs: Vec<Point> = comparisons
        .iter()
        .filter_map(|c| {
            c.progenitor
                .as_ref()
                .ok()
                .map(|cost| (c.operations as f64, cost.check.as_secs_f64()))
        })
        .collect();
    ours.sort_by(|a, b| a.0.total_cmp(&b.0));
    theirs.sort_by(|a, b| a.0.total_cmp(&b.0));
    (ours, theirs)
}

/// Draws both series into `path`.
pub fn write(path: &Path, ours: &[Point], theirs: &[Point]) -> Result<()> {
    draw(path, ours, theirs).map_err(|error| anyhow!("cannot draw {}: {error}", path.display()))
}

fn draw(path: &Path, ours: &[Point], theirs: &[Point]) -> Result<(), Box<dyn std::error::Error>> {
    let top =
        |points: &[Point], pick: fn(&Point) -> f64| points.iter().map(pick).fold(0.0, f64::max);
    let x_max = top(ours, |p| p.0).max(top(theirs, |p| p.0)) * 1.05 + 1.0;
    let y_max = top(ours, |p| p.1).max(top(theirs, |p| p.1)) * 1.1 + 0.5;

    let root = SVGBackend::new(path, (760, 440)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "cargo check of the generated crate alone",
            ("sans-serif", 20),
        )
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(56)
        .build_cartesian_2d(0.0..x_max, 0.0..y_max)?;
    chart
        .configure_mesh()
        .x_desc("operations in the spec")
        .y_desc("seconds (median of three)")
        .draw()?;
    let ours_colour = RGBColor(0x1f, 0x77, 0xb4);
    let theirs_colour = RGBColor(0xd6, 0x27, 0x28);
    for (points, colour, label) in [
        (ours, ours_colour, "clientgen"),
        (theirs, theirs_colour, "progenitor (where it generates)"),
    ] {
        chart
            .draw_series(LineSeries::new(points.iter().copied(), colour))?
            .label(label)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], colour));
        chart.draw_series(
            points
                .iter()
                .map(|point| Circle::new(*point, 4, colour.filled())),
        )?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::Cost;
    use std::time::Duration;

    fn cost(seconds: u64) -> Cost {
        Cost {
            lines: 1,
            check: Duration::from_secs(seconds),
        }
    }

    #[test]
    fn draws_both_series_with_every_point() {
        let comparisons = vec![
            Comparison {
                spec: "b.json".into(),
                operations: 20,
                ours: cost(2),
                progenitor: Ok(cost(3)),
            },
            Comparison {
                spec: "a.json".into(),
                operations: 200,
                ours: cost(6),
                progenitor: Err("fails".into()),
            },
        ];
        let groups = GroupCost {
            spec: "github",
            operations: 700,
            group: "issues",
            full: cost(40),
            alone: cost(5),
        };
        let (ours, theirs) = series(&comparisons, &groups);
        assert_eq!(ours, [(20.0, 2.0), (200.0, 6.0), (700.0, 40.0)]);
        assert_eq!(theirs, [(20.0, 3.0)]);
        let dir = std::env::temp_dir().join(format!("chart-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(FILE);
        write(&path, &ours, &theirs).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("progenitor (where it generates)"));
        // Four points drawn as circles, one per measured crate.
        assert_eq!(svg.matches("<circle").count(), 4);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
