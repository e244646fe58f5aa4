package index

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// EmbedFunc returns one vector per text, in order, all of one dimension:
// an embedding model (for example an OpenAI-compatible /v1/embeddings
// endpoint). It must be safe for concurrent use.
type EmbedFunc func(ctx context.Context, texts []string) ([][]float32, error)

// Hybrid retrieval: with Options.Embed set, every unit's text (caption and
// passages) is embedded when a generation is built, reusing the vectors of
// the serving generation for units whose text is unchanged, and stored
// beside it; a question is embedded too, the units nearest to it (cosine)
// are ranked, and that ranking is fused with the lexical one by reciprocal
// rank fusion. Without Embed, or when the model fails, ranking is lexical
// alone: nothing else changes.

const (
	vectorFile  = "vectors.bin"
	vectorMagic = "charterbot-vectors-1\n"
	// rrfK and DefaultDenseWeight fuse the two rankings: a unit at rank r
	// (from 1) earns 1/(rrfK+r) from the lexical list and w/(rrfK+r) from
	// the dense one, w being Options.DenseWeight. The lexical ranking is the stronger and its top
	// matters most, so rrfK is small (at 60, the usual constant, ranks 1
	// and 5 earn almost the same) and the dense list weighs less: it can
	// lift a unit within the lexical top and bring in units that share no
	// word with the question, but it cannot displace the lexical first on
	// its own. Chosen on COLIEE H18-H26 with the Universal Sentence
	// Encoder (scripts/coliee-hybrid.sh): there 1 and 0.3 gave MRR@10
	// 0.710 against 0.708 for words alone and 0.548 for 60 and 1; on the
	// held-out H27-R02, 0.684 against 0.684 and 0.523.
	rrfK = 1
	// DefaultDenseWeight is Options.DenseWeight's default (see rrfK).
	// It was chosen with a weak model; a stronger one may deserve more.
	DefaultDenseWeight = 0.3
	// embedBatch is how many texts go to the model in one call.
	embedBatch = 64
	// maxEmbedChars cuts a unit's text for the model (most embedding
	// models read about 512 tokens).
	maxEmbedChars = 2000
	// DefaultEmbedTimeout bounds the embedding of a question.
	DefaultEmbedTimeout = 3 * time.Second
)

// vectors are a generation's unit vectors, unit-normalised, row by unit.
type vectors struct {
	dim  int
	v    []float32
	hash []uint64 // of each unit's embedded text, for reuse
}

func (vs *vectors) row(i int) []float32 { return vs.v[i*vs.dim : (i+1)*vs.dim] }

func textHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

func normalize(v []float32) {
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	if n == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(n))
	for i := range v {
		v[i] *= inv
	}
}

// embedUnits embeds texts (one per unit), reusing prev's vectors for
// texts it has; nil when embed is nil.
func embedUnits(ctx context.Context, embed EmbedFunc, texts []string, prev *vectors) (*vectors, error) {
	if embed == nil || len(texts) == 0 {
		return nil, nil
	}
	reuse := map[uint64]int{}
	if prev != nil {
		for i, h := range prev.hash {
			reuse[h] = i
		}
	}
	vs := &vectors{hash: make([]uint64, len(texts))}
	rows := make([][]float32, len(texts))
	var todo []int
	for i, t := range texts {
		vs.hash[i] = textHash(t)
		if j, ok := reuse[vs.hash[i]]; ok {
			rows[i] = prev.row(j)
			continue
		}
		todo = append(todo, i)
	}
	for start := 0; start < len(todo); start += embedBatch {
		batch := todo[start:min(start+embedBatch, len(todo))]
		in := make([]string, len(batch))
		for k, i := range batch {
			in[k] = texts[i]
		}
		out, err := embed(ctx, in)
		if err != nil {
			return nil, fmt.Errorf("embed passages: %w", err)
		}
		if len(out) != len(in) {
			return nil, fmt.Errorf("embed passages: %d vectors for %d texts", len(out), len(in))
		}
		for k, i := range batch {
			rows[i] = slices.Clone(out[k])
			normalize(rows[i])
		}
	}
	vs.dim = len(rows[0])
	if vs.dim == 0 {
		return nil, errors.New("embed passages: empty vectors")
	}
	vs.v = make([]float32, 0, vs.dim*len(rows))
	for _, r := range rows {
		if len(r) != vs.dim {
			return nil, fmt.Errorf("embed passages: vectors of %d and %d dimensions", vs.dim, len(r))
		}
		vs.v = append(vs.v, r...)
	}
	return vs, nil
}

// nearest returns the units nearest to q (unit-normalised) that keep
// passes, best first, at most n.
func (vs *vectors) nearest(q []float32, n int, keep func(int) bool) []int {
	type scored struct {
		i int
		s float32
	}
	var all []scored
	for i := range vs.hash {
		if !keep(i) {
			continue
		}
		var s float32
		for k, x := range vs.row(i) {
			s += x * q[k]
		}
		all = append(all, scored{i, s})
	}
	slices.SortFunc(all, func(a, b scored) int {
		if a.s != b.s {
			if a.s > b.s {
				return -1
			}
			return 1
		}
		return a.i - b.i
	})
	out := make([]int, 0, min(n, len(all)))
	for _, s := range all[:min(n, len(all))] {
		out = append(out, s.i)
	}
	return out
}

// fuse merges the lexical ranking with the units nearest the question by
// weighted reciprocal rank fusion (see rrfK); a unit found only by its
// vector comes with its first passage.
func fuse(lexical []rankedUnit, dense []int, weight float64) []rankedUnit {
	score := map[int]float64{}
	byUnit := map[int]rankedUnit{}
	for r, ru := range lexical {
		score[ru.unit] += 1 / float64(rrfK+r+1)
		byUnit[ru.unit] = ru
	}
	for r, u := range dense {
		score[u] += weight / float64(rrfK+r+1)
		if _, ok := byUnit[u]; !ok {
			byUnit[u] = rankedUnit{unit: u, passages: []int{0}}
		}
	}
	out := make([]rankedUnit, 0, len(byUnit))
	for u, ru := range byUnit {
		ru.score = score[u]
		out = append(out, ru)
	}
	slices.SortFunc(out, func(a, b rankedUnit) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return a.unit - b.unit
	})
	return out
}

// write stores the vectors in dir and syncs them.
func (vs *vectors) write(dir string) error {
	b := []byte(vectorMagic)
	b = binary.AppendUvarint(b, uint64(vs.dim))
	b = binary.AppendUvarint(b, uint64(len(vs.hash)))
	for _, h := range vs.hash {
		b = binary.LittleEndian.AppendUint64(b, h)
	}
	for _, x := range vs.v {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	if err := writeSynced(filepath.Join(dir, vectorFile), b); err != nil {
		return fmt.Errorf("write vectors: %w", err)
	}
	return nil
}

// readVectors loads the vectors stored in dir for units units; nil when
// the generation has none.
func readVectors(dir string, units int) (*vectors, error) {
	b, err := os.ReadFile(filepath.Join(dir, vectorFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read vectors: %w", err)
	}
	bad := fmt.Errorf("read vectors %q: malformed", dir)
	if len(b) < len(vectorMagic) || string(b[:len(vectorMagic)]) != vectorMagic {
		return nil, bad
	}
	b = b[len(vectorMagic):]
	dim, n1 := binary.Uvarint(b)
	if n1 <= 0 {
		return nil, bad
	}
	b = b[n1:]
	n, n2 := binary.Uvarint(b)
	if n2 <= 0 || n != uint64(units) || dim == 0 || uint64(len(b[n2:])) != n*8+n*dim*4 {
		return nil, bad
	}
	b = b[n2:]
	vs := &vectors{dim: int(dim), hash: make([]uint64, n), v: make([]float32, n*dim)}
	for i := range vs.hash {
		vs.hash[i] = binary.LittleEndian.Uint64(b[i*8:])
	}
	b = b[n*8:]
	for i := range vs.v {
		vs.v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[i*4:]))
	}
	return vs, nil
}

// logf writes to Options.Logf when set.
func (ix *Index) logf(format string, args ...any) {
	if ix.opts.Logf != nil {
		ix.opts.Logf(format, args...)
	}
}

// dense returns the units nearest the question by their vectors, or nil
// when the generation has none or the model fails (then with a log line).
func (ix *Index) dense(ctx context.Context, r *ranker, vecs *vectors, text string, f rankFilter, n int) []int {
	if vecs == nil || ix.opts.Embed == nil {
		return nil
	}
	timeout := ix.opts.EmbedTimeout
	if timeout <= 0 {
		timeout = DefaultEmbedTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	out, err := ix.opts.Embed(ctx, []string{text})
	if err == nil && (len(out) != 1 || len(out[0]) != vecs.dim) {
		err = fmt.Errorf("want 1 vector of %d dimensions, got %d vectors", vecs.dim, len(out))
	}
	if err != nil {
		ix.logf("question not embedded, ranked by words alone: %v", err)
		return nil
	}
	q := slices.Clone(out[0])
	normalize(q)
	return vecs.nearest(q, n, func(i int) bool { return f.keep(&r.data.Units[i]) })
}
