//! One stable sort for the whole crate (and the web crate): `slice::sort*` is instantiated per element
//! type and comparator (a driftsort and a quicksort of ~3 KB each in the wasm, ten times over), while
//! this is a merge sort of indices behind a `dyn` comparator, compiled once; each call site adds only a
//! small shim. O(n log n) comparisons, O(n) extra memory, stable (equal elements keep their order).

use std::cmp::Ordering;

/// Like `slice::sort_by`: stable.
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_indices(items.len(), &|a, b| compare(&items[a], &items[b]));
    permute(&order, &mut |a, b| items.swap(a, b));
}

/// Like `slice::sort_by_key`: stable.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Like `slice::sort` (and, for elements that are equal only when identical, `sort_unstable`).
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// `0..n` ordered by `compare`, stably: a bottom-up merge sort.
fn sorted_indices(n: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut buffer = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let middle = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut left, mut right) = (start, middle);
            for slot in &mut buffer[start..end] {
                // Take from the right run only when strictly smaller: that keeps the sort stable.
                let take_right =
                    left == middle || (right < end && compare(order[right], order[left]) == Ordering::Less);
                if take_right {
                    *slot = order[right];
                    right += 1;
                } else {
                    *slot = order[left];
                    left += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut order, &mut buffer);
        width *= 2;
    }
    order
}

/// Rearranges so that position `k` holds the element that was at `order[k]`, by swaps along each cycle.
fn permute(order: &[usize], swap: &mut dyn FnMut(usize, usize)) {
    let mut done = vec![false; order.len()];
    for start in 0..order.len() {
        let mut at = start;
        while !done[at] {
            done[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_standard_stable_sort() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for n in (0..70).chain([255, 256, 257, 1000, 4097]) {
            for modulus in [1, 3, 50, 1 << 30] {
                let mut items: Vec<(u64, usize)> = (0..n)
                    .map(|i| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        (x % modulus, i)
                    })
                    .collect();
                let mut expected = items.clone();
                expected.sort_by_key(|item| item.0);
                sort_by_key(&mut items, |item| item.0);
                assert_eq!(items, expected, "n {n} modulus {modulus}");
                sort(&mut items);
                expected.sort();
                assert_eq!(items, expected);
            }
        }
    }

    #[test]
    fn sorts_owned_values() {
        let mut words: Vec<String> = ["pear", "apple", "fig", "apple", "kiwi"].map(String::from).to_vec();
        sort(&mut words);
        assert_eq!(words, ["apple", "apple", "fig", "kiwi", "pear"]);
        sort_by(&mut words, |a, b| b.len().cmp(&a.len()));
        assert_eq!(words, ["apple", "apple", "kiwi", "pear", "fig"]);
    }
}
