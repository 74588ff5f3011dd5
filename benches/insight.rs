//! Customer insight models. The BG/NBD fit on 23,570 customers (the size
//! of the CDNOW master file: here the CDNOW sample replicated 10 times
//! under new customer ids, so it groups into the same (x, t_x, T) cells
//! as the sample, with ten times the weight), the whole `analyse` on the
//! same set, and the per-customer figures for 100,000 customers from
//! cached fits (once with the copies as they are, once with copy k moved
//! k days earlier so that few customers share an (x, T) shape). Target: the fit at least 10× faster than the Python
//! `lifetimes` package on the same data
//! (`tests/fixtures/make_cdnow_lifetimes.py --bench`).
//!
//! Measured on the 2-core development machine (release, criterion
//! medians): BG/NBD fit 1.4 ms, Gamma-Gamma fit 1.5 ms, `analyse` 9.8 ms
//! (23,570 customers); per-customer figures 15.5 ms (100,000, copies as
//! they are) and 20.4 ms (shifted copies). lifetimes 0.11.3's BG/NBD fit
//! of the same 23,570 customers: 208 ms best of 5, so about 150× slower.
//! Most of the gap is grouping: the replicated set has only as many
//! distinct (x, t_x, T) cells as the sample, which lifetimes does not use.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use salesbench::domain::insight::bgnbd::fit_bgnbd;
use salesbench::domain::insight::clv::{analyse, customer_values, ValueParams};
use salesbench::domain::insight::gamma_gamma::fit_gamma_gamma;
use salesbench::domain::insight::summary::summarize;
use salesbench::domain::insight::{CustomerPurchases, PurchaseDay};

#[path = "../tests/common/cdnow.rs"]
mod cdnow_sample;

use cdnow_sample::cdnow;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(1997, 9, 30).unwrap()
}

/// `n` customers: the sample over and over, each copy with new ids.
fn replicated(n: usize) -> Vec<CustomerPurchases> {
    let sample = cdnow();
    (0..n)
        .map(|i| {
            let mut c = sample[i % sample.len()].clone();
            c.account_id += 100_000 * (i / sample.len()) as i64;
            c
        })
        .collect()
}

/// Copy k of the sample (customers `k * 2357 ..`) moved k days earlier.
fn shifted_copies(customers: &[CustomerPurchases]) -> Vec<CustomerPurchases> {
    customers
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let k = (i / 2357) as u64;
            let days = c
                .days
                .iter()
                .map(|d| PurchaseDay {
                    day: d.day - chrono::Days::new(k),
                    amount: d.amount,
                })
                .collect();
            CustomerPurchases {
                account_id: c.account_id,
                days,
            }
        })
        .collect()
}

fn insight(c: &mut Criterion) {
    let mut group = c.benchmark_group("insight");
    group.sample_size(20);
    group.warm_up_time(std::time::Duration::from_millis(500));
    group.measurement_time(std::time::Duration::from_secs(2));
    let params = ValueParams {
        minor_per_major: 100,
        ..ValueParams::default()
    };

    let master = replicated(23_570);
    let summaries = summarize(&master, as_of());
    group.bench_with_input(
        BenchmarkId::new("bgnbd_fit", master.len()),
        &summaries,
        |b, s| b.iter(|| fit_bgnbd(black_box(s)).unwrap()),
    );
    // A fairer set for the fit: copy k moved k days earlier, so the
    // copies no longer fall into the sample's (x, t_x, T) cells and the
    // grouping saves far less (lifetimes never groups).
    let distinct = summarize(&shifted_copies(&master), as_of());
    group.bench_with_input(
        BenchmarkId::new("bgnbd_fit_shifted", distinct.len()),
        &distinct,
        |b, s| b.iter(|| fit_bgnbd(black_box(s)).unwrap()),
    );
    group.bench_with_input(
        BenchmarkId::new("gamma_gamma_fit", master.len()),
        &summaries,
        |b, s| b.iter(|| fit_gamma_gamma(black_box(s), 100).unwrap()),
    );
    group.bench_with_input(
        BenchmarkId::new("analyse", master.len()),
        &master,
        |b, m| b.iter(|| analyse(black_box(m), as_of(), params)),
    );

    let many = replicated(100_000);
    let bg = fit_bgnbd(&summaries).unwrap();
    let gg = fit_gamma_gamma(&summaries, 100).unwrap();
    group.bench_with_input(
        BenchmarkId::new("customer_values", many.len()),
        &many,
        |b, m| b.iter(|| customer_values(black_box(m), as_of(), Some(&bg), Some(&gg), &params)),
    );
    // The same, but copy k moved k days earlier: far fewer customers
    // share an (x, T) shape, so the per-shape cache helps less.
    let shifted = shifted_copies(&many);
    group.bench_with_input(
        BenchmarkId::new("customer_values_shifted", shifted.len()),
        &shifted,
        |b, m| b.iter(|| customer_values(black_box(m), as_of(), Some(&bg), Some(&gg), &params)),
    );
    group.finish();
}

criterion_group!(benches, insight);
criterion_main!(benches);
