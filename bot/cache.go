package bot

import (
	"container/list"
	"sync"
	"time"

	"charterbot/answer"
)

// answerTTL is how long an answer's buttons keep working: the life of the
// interaction token that posted it.
const answerTTL = 15 * time.Minute

// stored is what the buttons under a message need to recompute their reply.
type stored struct {
	title string
	ans   answer.Answer
	pages []string // description pages, as answerPages cut them
}

// answerCache is a bounded LRU of recent answers whose entries expire
// after a TTL. It is safe for concurrent use.
type answerCache struct {
	max int
	ttl time.Duration
	now func() time.Time

	mu sync.Mutex
	ll *list.List // front = most recently used; values are *cacheEntry
	m  map[string]*list.Element
}

type cacheEntry struct {
	key string
	at  time.Time
	val stored
}

func newAnswerCache(max int, ttl time.Duration, now func() time.Time) *answerCache {
	return &answerCache{max: max, ttl: ttl, now: now, ll: list.New(), m: map[string]*list.Element{}}
}

// put stores v under key, evicting the least recently used entry when full.
func (c *answerCache) put(key string, v stored) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok {
		e.Value = &cacheEntry{key: key, at: c.now(), val: v}
		c.ll.MoveToFront(e)
		return
	}
	c.m[key] = c.ll.PushFront(&cacheEntry{key: key, at: c.now(), val: v})
	for c.ll.Len() > c.max {
		old := c.ll.Back()
		c.ll.Remove(old)
		delete(c.m, old.Value.(*cacheEntry).key)
	}
}

// get returns the entry under key unless it is missing or expired.
func (c *answerCache) get(key string) (stored, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok {
		return stored{}, false
	}
	ce := e.Value.(*cacheEntry)
	if c.now().Sub(ce.at) > c.ttl {
		c.ll.Remove(e)
		delete(c.m, key)
		return stored{}, false
	}
	c.ll.MoveToFront(e)
	return ce.val, true
}
