use salesbench::domain::search::SearchIndex;
use salesbench::store::Store;
use std::time::{Duration, Instant};
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let mut best = [Duration::MAX; 4];
    let mut hits = 0;
    for _ in 0..15 {
        let t0 = Instant::now();
        let store = Store::open(std::path::Path::new(&a[1])).unwrap();
        let t1 = Instant::now();
        let keys = store.packed_search_keys(false).unwrap();
        let t2 = Instant::now();
        let mut idx = SearchIndex::from_packed(keys);
        let h = idx.filter(&a[2]);
        let t3 = Instant::now();
        let rows = store.list_rows_by_ids(&h).unwrap();
        let t4 = Instant::now();
        hits = rows.len();
        for (b, d) in best.iter_mut().zip([t1 - t0, t2 - t1, t3 - t2, t4 - t3]) {
            *b = (*b).min(d);
        }
    }
    println!(
        "{}: best open {:?} keys {:?} filter {:?} rows {:?} ({} hits)",
        a[2], best[0], best[1], best[2], best[3], hits
    );
}
