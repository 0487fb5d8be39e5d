//! A small deterministic random generator (xorshift64) for the tests that make random
//! edits, so that none of them needs a dependency for it and a seed always replays the
//! same run. Included with `#[path]`.

#![allow(dead_code)]

pub struct Rng(pub u64);

impl Rng {
    /// The next number; a zero state would stay zero, so it is nudged.
    pub fn next(&mut self) -> u64 {
        let mut x = self.0.max(1);
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}
