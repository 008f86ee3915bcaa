"""The sample content ``seed_demo`` writes: two authors and posts that read like a real blog.

Each post shows something different the renderer handles (headings, code, quotes,
tables, an image from static files, an "&" that must be escaped exactly once), so
the pages look right and a reader has something worth clicking.
``{image}`` in a body is replaced with the static URL of the demo picture.
"""

from typing import TypedDict


class DemoAuthor(TypedDict):
    username: str
    first_name: str
    last_name: str
    bio: str


class DemoPost(TypedDict):
    title: str
    author: str
    category: str
    tags: list[str]
    excerpt: str
    body: str
    draft: bool
    comments: list[tuple[str, bool]]


AUTHORS: list[DemoAuthor] = [
    {
        "username": "maya-okafor",
        "first_name": "Maya",
        "last_name": "Okafor",
        "bio": "Backend engineer. Writes about Django, databases and the queries nobody looks at.",
    },
    {
        "username": "tomas-reyes",
        "first_name": "Tomás",
        "last_name": "Reyes",
        "bio": "Python teacher. Testing, tooling and reading error messages out loud.",
    },
]

CATEGORIES = ["Django", "Python", "Databases", "Security"]

POSTS: list[DemoPost] = [
    {
        "title": "Why your Django list page makes 101 queries",
        "author": "maya-okafor",
        "category": "Django",
        "tags": ["orm", "performance"],
        "excerpt": "A list of 100 posts, each showing its author: one query for the list and "
        "one more per row. How to see it, and the two methods that fix it.",
        "body": """Every list page starts fast. Then it grows to a hundred rows and takes a second.

![A request's path from the browser through the view and the ORM to PostgreSQL]({image})

## Seeing the problem

Turn on query logging in development, or count them in a test:

```python
def test_list_page_query_count(client, django_assert_num_queries):
    PostFactory.create_batch(20)
    with django_assert_num_queries(3):
        client.get("/")
```

Each `{{ post.author }}` in the template runs one `SELECT` if the author was not loaded with the post.

## The fix

```python
Post.objects.published().select_related("author", "category").prefetch_related("tags")
```

- `select_related` follows foreign keys in the **same** query (a `JOIN`).
- `prefetch_related` loads many-to-many rows in **one** extra query.

> A page should make a fixed number of queries, whatever the number of rows.

That test is the one worth keeping: it fails the day someone adds a field to the template.
""",
        "draft": False,
        "comments": [
            ("This explained the slow admin page I have been staring at all week.", True),
            ("Does prefetch_related work with filtered relations too?", False),
        ],
    },
    {
        "title": "Testing Django views with pytest, without the boilerplate",
        "author": "tomas-reyes",
        "category": "Python",
        "tags": ["testing", "tutorial"],
        "excerpt": "Fixtures instead of setUp, factories instead of hand-built rows, and "
        "assertions about what the page says rather than only its status code.",
        "body": """A test that only checks `status_code == 200` passes on a page that shows the wrong post.

## Fixtures say what a test needs

```python
@pytest.fixture
def author(db):
    return UserFactory(username="alice")


def test_draft_is_hidden_from_others(client, author):
    draft = PostFactory(author=author, status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
```

## Assert on behaviour

1. Create the rows the page should show **and** one it should not.
2. Request the page.
3. Check that the first appear and the second does not.

> Tests are the documentation that fails when it goes out of date.

Run them with `pytest -q`; add `--reuse-db` when the suite grows.
""",
        "draft": False,
        "comments": [
            ("The factory tip alone saved me fifty lines.", True),
            ("More on --reuse-db please!", False),
        ],
    },
    {
        "title": "PostgreSQL indexes a beginner can reason about",
        "author": "maya-okafor",
        "category": "Databases",
        "tags": ["postgresql", "performance"],
        "excerpt": "Which index to add, how to check that the planner uses it, and why an "
        "index on every column makes writes slower without making reads faster.",
        "body": """An index is a sorted copy of some columns that points back at the rows.

## Start from the query

```sql
EXPLAIN ANALYZE
SELECT id, title FROM blog_post
WHERE status = 'published' AND published_at <= now()
ORDER BY published_at DESC LIMIT 10;
```

A `Seq Scan` on a large table is the hint; an `Index Scan` is the goal.

## Picking the kind

| Kind | Good for |
| --- | --- |
| B-tree | equality, ranges, `ORDER BY` |
| GIN | full-text search, JSON, arrays |
| BRIN | huge, append-only tables ordered by time |

In Django, declare it next to the model so migrations create it:

```python
class Meta:
    indexes = [models.Index(fields=["status", "-published_at"], name="post_status_published")]
```

> Measure, add one index, measure again.
""",
        "draft": False,
        "comments": [
            ("The BRIN row is new to me, thanks.", True),
            ("What about partial indexes?", False),
        ],
    },
    {
        "title": "Storing passwords in 2026: Argon2id and what it protects against",
        "author": "tomas-reyes",
        "category": "Security",
        "tags": ["security"],
        "excerpt": "A stolen database should not be a list of passwords. Slow, salted "
        "hashes buy the time to notice and to reset.",
        "body": """Nobody plans to leak their users table. Plan for it anyway.

## What a hash must do

- be **slow** to compute, so guessing billions of passwords costs real money;
- use a **salt** per password, so two equal passwords do not look equal;
- be **memory-hard** (Argon2id), so graphics cards do not help the attacker much.

Django does all three with one setting:

```python
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
```

Old PBKDF2 hashes keep working and are upgraded at the next login.

> Rate-limit the login form as well: a slow hash does not stop someone guessing online.
""",
        "draft": False,
        "comments": [
            ("Clear and short. Sharing with my team.", True),
            ("Is bcrypt still fine?", False),
        ],
    },
    {
        "title": "Deploying behind a reverse proxy (work in progress)",
        "author": "maya-okafor",
        "category": "Django",
        "tags": ["deployment"],
        "excerpt": "Notes for a future post: gunicorn workers, trusted proxy hops and a health check.",
        "body": """## Outline

1. gunicorn with several workers, and every shared counter in Redis.
2. `TRUSTED_PROXY_HOPS` set to the number of proxies that append to `X-Forwarded-For`.
3. `/health` for liveness, and `/ready` for the load balancer.
""",
        "draft": True,
        "comments": [],
    },
    {
        "title": "Markdown & HTML: sanitising what your authors write",
        "author": "tomas-reyes",
        "category": "Security",
        "tags": ["security", "tutorial"],
        "excerpt": "Markdown allows raw HTML, so <script> & friends come along. Render, then "
        "clean with an allowlist, and store the result.",
        "body": """Markdown is friendly to write & dangerous to trust: it passes raw HTML through.

## Render, then sanitise

```python
html = markdown.markdown(text, extensions=["fenced_code", "tables"])
safe = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)
```

`nh3` wraps *ammonia*, a Rust sanitiser: anything not on the allowlist is removed,
including `onerror=` attributes and `javascript:` links.

Raw HTML such as <script>alert("no")</script> never reaches the page; try it in the editor.

> Escape on output, sanitise on input, and never mix the two on the same string.
""",
        "draft": False,
        "comments": [
            ("I tried to break it in the preview. I could not.", True),
            ("What about SVG uploads?", False),
        ],
    },
    {
        "title": "Reading a Python traceback from the bottom up",
        "author": "tomas-reyes",
        "category": "Python",
        "tags": ["tutorial", "debugging"],
        "excerpt": "The last line says what went wrong, the line above it says where. "
        "Everything higher up is how the program got there.",
        "body": """Beginners read tracebacks top to bottom and give up halfway.

```text
Traceback (most recent call last):
  File "manage.py", line 22, in <module>
    main()
  File "blog/views.py", line 41, in get_queryset
    return Post.objects.filter(author__username=self.kwargs["user"])
KeyError: 'user'
```

## Three questions

1. **What?** `KeyError: 'user'`: a dictionary has no key `user`.
2. **Where?** `blog/views.py`, line 41: your code, not Django's.
3. **Why?** The URL pattern names the parameter `username`.

> The bug is almost always in the last frame that is your own code.
""",
        "draft": False,
        "comments": [
            ("Bottom-up changed how I debug.", True),
            ("Could you cover chained exceptions?", False),
        ],
    },
    {
        "title": "Pagination that does not fall over",
        "author": "maya-okafor",
        "category": "Databases",
        "tags": ["orm", "performance", "api"],
        "excerpt": "A maximum page size, a total count, and a clear error for page=abc. "
        "When offsets get slow, cursors.",
        "body": """An API that returns every row works until the table has a million of them.

## The rules this blog's API follows

- `?page_size=` has a **maximum** (100), so one request cannot dump the table;
- every page carries the total `count`, `next` and `previous`;
- `?page=abc` or `?page_size=0` is a **400**, never a silent default.

```bash
curl -s "http://127.0.0.1:8000/api/posts/?page=2&page_size=5" | python -m json.tool
```

## When offsets get slow

`OFFSET 100000` still reads 100,000 rows to skip them. A cursor (`WHERE published_at < :last`)
reads only the page it returns.

> Pick the limits before the first user does it for you.
""",
        "draft": False,
        "comments": [
            ("The 400-instead-of-default rule is underrated.", True),
            ("Cursor example in DRF?", False),
        ],
    },
]
