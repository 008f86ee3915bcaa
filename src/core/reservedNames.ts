/**
 * Names a generated project's package must not take: importing it would shadow
 * the standard library or a dependency the templates use (`import json` would
 * find the project instead of the stdlib). Python 3.11's sys.stdlib_module_names,
 * plus `test`/`tests`, plus the dependencies of our templates.
 */
const STDLIB = `abc aifc antigravity argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb
binascii bisect builtins bz2 cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop
collections colorsys compileall concurrent configparser contextlib contextvars copy copyreg crypt
csv ctypes curses dataclasses datetime dbm decimal difflib dis distutils doctest email encodings
ensurepip enum errno faulthandler fcntl filecmp fileinput fnmatch fractions ftplib functools gc
genericpath getopt getpass gettext glob graphlib grp gzip hashlib heapq hmac html http idlelib
imaplib imghdr imp importlib inspect io ipaddress itertools json keyword lib2to3 linecache locale
logging lzma mailbox mailcap marshal math mimetypes mmap modulefinder msilib msvcrt multiprocessing
netrc nis nntplib nt ntpath nturl2path numbers opcode operator optparse os ossaudiodev pathlib pdb
pickle pickletools pipes pkgutil platform plistlib poplib posix posixpath pprint profile pstats pty
pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri random re readline reprlib resource
rlcompleter runpy sched secrets select selectors shelve shlex shutil signal site smtpd smtplib
sndhdr socket socketserver spwd sqlite3 sre_compile sre_constants sre_parse ssl stat statistics
string stringprep struct subprocess sunau symtable sys sysconfig syslog tabnanny tarfile telnetlib
tempfile termios textwrap this threading time timeit tkinter token tokenize tomllib trace traceback
tracemalloc tty turtle turtledemo types typing unicodedata unittest urllib uu uuid venv warnings
wave weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib
zoneinfo test tests`;

const DEPENDENCIES = `django rest_framework drf_spectacular environ flask flask_smorest flask_sqlalchemy
flask_migrate flask_limiter flask_cors flask_jwt_extended marshmallow fastapi starlette pydantic
pydantic_settings sqlalchemy alembic asyncpg aiosqlite psycopg psycopg2 jwt pwdlib argon2 bcrypt
passlib redis fakeredis httpx requests uvicorn gunicorn pytest pytest_django factory faker markdown
nh3 bleach celery ruff pip setuptools wheel hatchling uv py pluggy iniconfig coverage pytest_cov
pytest_asyncio anyio mypy typing_extensions dotenv jinja2 werkzeug click itsdangerous email_validator`;

export const RESERVED_PACKAGE_NAMES: ReadonlySet<string> = new Set(
  `${STDLIB} ${DEPENDENCIES}`.split(/\s+/).filter(Boolean).map((n) => n.toLowerCase()),
);

/**
 * Module names pytest itself treats specially: a package called `conftest` is
 * collected as a plugin file and the generated tests fail to import.
 */
export const PYTEST_NAMES: ReadonlySet<string> = new Set(["conftest", "pytest", "_pytest"]);

export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set(
  `False None True and as assert async await break class continue def del elif else except finally
for from global if import in is lambda nonlocal not or pass raise return try while with yield
match case type _`.split(/\s+/),
);

/** Device names Windows will not let a file or folder take, whatever the extension. */
export const WINDOWS_RESERVED: ReadonlySet<string> = new Set([
  "con", "prn", "aux", "nul",
  ...Array.from({ length: 9 }, (_, i) => `com${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `lpt${i + 1}`),
]);
