#!/usr/bin/env python3
"""Generate a synthetic sentiment corpus for the `train-text` benchmark (standard library only).

Usage: gen_text.py ROWS OUT.tsv [--seed N]

Writes a TSV with header `sentence<TAB>label`: each sentence is 8-40 words drawn from a
Zipf-like vocabulary of 20,000 words, a fifth of which carry a sentiment weight; negations
("not", "never") flip the next word's weight. The label is `pos` with probability
sigmoid(sum of weights), so the task is learnable but noisy, like real reviews.
"""
import math
import random
import sys


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--seed")]
    seed = 0
    for a in sys.argv[1:]:
        if a.startswith("--seed="):
            seed = int(a.split("=", 1)[1])
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    rows, out = int(args[0]), args[1]
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "qu", "gi", "do", "fe"]
    vocabulary = []
    seen = set()
    while len(vocabulary) < 20000:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            vocabulary.append(word)
    weights = {w: (rng.gauss(0, 1.2) if rng.random() < 0.2 else 0.0) for w in vocabulary}
    # Zipf-like ranks: cumulative weights 1/(rank+10).
    cumulative = []
    total = 0.0
    for rank in range(len(vocabulary)):
        total += 1.0 / (rank + 10)
        cumulative.append(total)
    with open(out, "w", encoding="utf-8") as f:
        f.write("sentence\tlabel\n")
        for _ in range(rows):
            words = []
            score = 0.0
            flip = 1.0
            for _ in range(rng.randint(8, 40)):
                if rng.random() < 0.04:
                    words.append(rng.choice(["not", "never"]))
                    flip = -1.0
                    continue
                word = vocabulary[bisect(cumulative, rng.random() * total)]
                words.append(word.capitalize() if rng.random() < 0.05 else word)
                score += flip * weights[word]
                flip = 1.0
            p = 1.0 / (1.0 + math.exp(-score))
            label = "pos" if rng.random() < p else "neg"
            f.write(" ".join(words) + ("." if rng.random() < 0.5 else "!") + "\t" + label + "\n")
    return 0


def bisect(values, x):
    lo, hi = 0, len(values) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if values[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


if __name__ == "__main__":
    sys.exit(main())
