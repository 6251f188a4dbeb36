// The pinned real-world corpora of the precision check: which public asyncio projects, at which commit,
// and how a pinned commit becomes a folder of files to lint (extracted once into a cache outside the repo).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { isExcludedFolderName } from '../../server/engine/src';

export interface PinnedProject {
  /** `owner/name` of the public repository. */
  readonly repo: string;
  /** The full commit whose tree is linted. */
  readonly commit: string;
  /** What kind of asyncio code it is, so the corpus keeps its spread. */
  readonly kind: string;
}

export const PINNED_PROJECTS: readonly PinnedProject[] = [
  { repo: 'aio-libs/aiohttp', commit: '495e778360d1924da63e16dba0f0d76baf56a56a', kind: 'HTTP client and server' },
  { repo: 'encode/httpx', commit: 'ae1b9f66238f75ced3ced5e4485408435de10768', kind: 'HTTP client (sync and async)' },
  { repo: 'encode/starlette', commit: 'cb8f84f5284dc301ca7a31eb732b9e140769dd48', kind: 'ASGI framework (anyio)' },
  { repo: 'MagicStack/asyncpg', commit: 'db8ecc2a38e16fb0c090aef6f5506547c2831c24', kind: 'database driver' },
  { repo: 'python-websockets/websockets', commit: '04e599ca3caad2c5bb3fa8eaf24066fd270e90a7', kind: 'websocket library' },
  { repo: 'aio-libs/aiokafka', commit: '672947afe85c91b7d953f0259e69837a711d3246', kind: 'message-queue client (Kafka)' },
  { repo: 'mosquito/aio-pika', commit: '0a9f24c9349f9158a959bf1e64d2c909350727d7', kind: 'message-queue client (AMQP)' },
  { repo: 'Rapptz/discord.py', commit: '1add8a0b40577186431cdb5f63f97affadab285b', kind: 'Discord API library' },
  { repo: 'jd/tenacity', commit: 'c650fb45204635f07910948d5fc59a8c551ffdda', kind: 'retry helper' },
];

/**
 * The first held-out set: judged as code the rules had not seen, then tuned on (session 27), so it is
 * held out no longer; kept to see that later changes do not undo that tuning (`realWorld.ts --corpus held-out-1`).
 */
export const HELD_OUT_1_PROJECTS: readonly PinnedProject[] = [
  { repo: 'encode/uvicorn', commit: 'e6c7ce791fc634b6eedee40e0d0207faa8a9aefd', kind: 'ASGI server' },
  { repo: 'python-arq/arq', commit: '3914e48c530f0e5acf02cb340b1f8f3e201ba895', kind: 'job queue (Redis)' },
  { repo: 'omnilib/aiosqlite', commit: '9b127cecc7de843bf4f343b6da63b641866533fb', kind: 'database wrapper over a thread' },
  { repo: 'ronf/asyncssh', commit: '3577224af6489a8c2653ce5b60dccfa5979f5ce0', kind: 'SSH protocol library' },
  { repo: 'sanic-org/sanic', commit: '785d77f8fe208576a48d339bd81d866021154092', kind: 'web framework and server' },
  { repo: 'aio-libs/aiodocker', commit: '0b05fd7f1f87df7b96b3c8748c5db3ce8980d230', kind: 'HTTP API client (Docker)' },
];

/**
 * The second held-out set: judged as code the rules had not seen, then tuned on (LOOP205's kept futures,
 * LOOP108's imported @contextmanager, Poetry's python version, ...), so it is held out no longer; kept to see
 * that later changes do not undo that tuning (`realWorld.ts --corpus held-out-2`).
 */
export const HELD_OUT_2_PROJECTS: readonly PinnedProject[] = [
  { repo: 'aio-libs/aiobotocore', commit: '255e37f7a777169a6933179b5028993261e6c960', kind: 'cloud API client (AWS)' },
  { repo: 'Tinche/aiofiles', commit: '6fdc25c7812d6738ccf51c5e7d4cd68500053a52', kind: 'file I/O over threads' },
  { repo: 'aiogram/aiogram', commit: 'c1b0353ce3d3f8d70f90469038939a956e9e09f7', kind: 'bot framework (Telegram)' },
  { repo: 'tortoise/tortoise-orm', commit: '3829267adeab10482fd1f089bafa9d3b748913f3', kind: 'ORM' },
  { repo: 'django/channels', commit: '60cbc43c1069dce5567c1081781c94e4f4ba0c19', kind: 'async layer of a sync framework (Django)' },
  { repo: 'aio-libs/janus', commit: 'd1f1198f0a70129e5d7233908b5448f3eaaf86ba', kind: 'queue between threads and the loop' },
];

/**
 * The third held-out set: judged as code the rules had not seen, then tuned on (session 28: code a test expects
 * to fail, LOOP403's refusing protocol methods, LOOP306's awaited conditions, ...), so it is held out no longer;
 * kept to see that later changes do not undo that tuning (`realWorld.ts --corpus held-out-3`).
 */
export const HELD_OUT_3_PROJECTS: readonly PinnedProject[] = [
  { repo: 'nats-io/nats.py', commit: '06b677808029274b64e06af9eee7170d3b80a09b', kind: 'messaging client (NATS, JetStream)' },
  { repo: 'mongodb/motor', commit: '71d9ba6f6eb332ee93804f7d09fd9780173d6123', kind: 'async facade over a sync driver (MongoDB)' },
  { repo: 'jupyter/jupyter_client', commit: '8d760b1efeff2ac7aa2b4b75c44023e59c6945f8', kind: 'kernel client over ZeroMQ (Jupyter)' },
  { repo: 'aio-libs/aiocache', commit: '43f6a246d18db4a22e61cb8eb82efa3e72d1d4ea', kind: 'cache library (memory, Redis, Memcached)' },
  {
    repo: 'home-assistant-libs/zwave-js-server-python',
    commit: 'dd4a5f9515a7d1b82cb503e464f242de774eba7b',
    kind: 'home-automation device client (websocket)',
  },
  { repo: 'python-trio/trio-asyncio', commit: '4b0074272edcf892893a955c01b49d664e29b309', kind: 'event-loop bridge (asyncio on trio)' },
];

/**
 * The fourth held-out set: judged as code the rules had not seen, then tuned on (session 28: LOOP203's owned
 * loops of an object, loops driven where a test found them not running, pytest hooks), so it is held out no
 * longer; kept to see that later changes do not undo that tuning (`realWorld.ts --corpus held-out-4`).
 */
export const HELD_OUT_4_PROJECTS: readonly PinnedProject[] = [
  { repo: 'LonamiWebs/Telethon', commit: '85c4a9131727663a596b8daabcc71c86a9bb4380', kind: 'protocol client (Telegram MTProto)' },
  {
    repo: 'miguelgrinberg/python-socketio',
    commit: '2d21903008b185b66ee644bfe231bb953298e9b1',
    kind: 'realtime server and client (Socket.IO, sync and async)',
  },
  { repo: 'aiortc/aiortc', commit: '8a2864630bf417d977a06dda8d0254b1c1501bfb', kind: 'real-time media (WebRTC, ICE, SCTP)' },
  { repo: 'ipython/ipykernel', commit: 'dfb3467ba8939b7183d0fd6367ca7d538858b871', kind: 'Jupyter kernel (ZeroMQ, tornado and asyncio)' },
  { repo: 'aio-libs/aiomysql', commit: 'db2f54eaf064c9cddfc84fc5dd8c9720170dc266', kind: 'database driver over a sync one (MySQL)' },
  { repo: 'pgjones/hypercorn', commit: '0e2311f1ad2ae587aaa590f3824f59aa5dc0e770', kind: 'ASGI server (HTTP/2, HTTP/3; asyncio and trio)' },
];

/**
 * The fifth held-out set: judged as code the rules had not seen, then tuned on (LOOP106/LOOP108's sockets made
 * non-blocking, LOOP203's runners that shut down async generators), so it is held out no longer; kept to see
 * that later changes do not undo that tuning (`realWorld.ts --corpus held-out-5`).
 */
export const HELD_OUT_5_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'jupyter-server/jupyter_server',
    commit: '9a4d6eea2b16815a493b11fffe0b51b1fe55a81b',
    kind: 'notebook web server (tornado on asyncio, kernels, websockets)',
  },
  { repo: 'piccolo-orm/piccolo', commit: '3599b756a2e70e18e7758b5bb475d33f5192ca4e', kind: 'query builder and ORM with sync wrappers' },
  { repo: 'pallets/quart', commit: '657bca721bbcc53047fc964c0593c5c0d19f45c8', kind: 'Flask-style ASGI web framework' },
  {
    repo: 'MagicStack/uvloop',
    commit: '0582f946aeca3a9e9af08c3abe7f812bdbc6f91d',
    kind: 'event loop implementation (libuv) and its tests',
  },
  { repo: 'encode/databases', commit: 'ae3fb16f40201d9ed0ed31bea31a289127169568', kind: 'database access layer over several drivers' },
];

/**
 * The sixth held-out set (`realWorld.ts --corpus held-out-6`), pinned at its snapshots' HEAD and judged as code the
 * rules were never tuned on: its first judging is an honest precision figure; once a change is tuned to it, pin
 * another set.
 */
export const HELD_OUT_6_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'pytest-dev/pytest-asyncio',
    commit: '937525ed7e00ae706d74dc3571bc5e47f6270922',
    kind: 'test-runner plugin (event loops per scope)',
  },
  {
    repo: 'python-telegram-bot/python-telegram-bot',
    commit: '1183d401f8358d8103de9da116156c0f4bcdf602',
    kind: 'bot framework with its own application loop (Telegram)',
  },
  { repo: 'hbldh/bleak', commit: '58d2a65cceb2127327388ac376853f1adc1be2c6', kind: 'Bluetooth LE client over platform backends' },
  {
    repo: 'esphome/aioesphomeapi',
    commit: '368a145f26164b707cde06c4aee76551fa7d3f46',
    kind: 'device API client (protobuf over TCP, Noise)',
  },
  {
    repo: 'faust-streaming/faust',
    commit: '181b184002d0b49da439bbcb0dd58901000456a7',
    kind: 'stream processing on Kafka (agents, tables)',
  },
  {
    repo: 'Textualize/textual',
    commit: '1d99508b928a771b51e1a527319c6b87dcff9e05',
    kind: 'terminal UI framework (message pumps, workers)',
  },
];

/**
 * The seventh held-out set: judged as code the rules had not seen, then tuned on (LOOP108's guards on a string
 * argument's text, and a module-level name bound once to a literal), so it is held out no longer; kept to see that
 * later changes do not undo that tuning (`realWorld.ts --corpus held-out-7`).
 */
export const HELD_OUT_7_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'microsoft/playwright-python',
    commit: '154f67ced51ada646b0fcf8574897d96c9712aa3',
    kind: 'browser automation over a driver process (sync API on greenlets, async API)',
  },
  {
    repo: 'dask/distributed',
    commit: '40fcd99a8cd41c39071a16a546e93a9298f1b64d',
    kind: 'distributed task scheduler (tornado and asyncio, threads and processes)',
  },
  { repo: 'redis/redis-py', commit: '34817ce2a2accc893a81180fe737e0c4f5ac6b0c', kind: 'database client (Redis, sync and asyncio)' },
  { repo: 'nolar/kopf', commit: '60d02aefb11c98cda6afab483f7953f6bb2ab9d6', kind: 'operator framework (Kubernetes, watch streams)' },
  {
    repo: 'pyrogram/pyrogram',
    commit: '30de1e21e3e8b5949971ba0bba56bb818ba43b71',
    kind: 'protocol client with a sync wrapper (Telegram MTProto)',
  },
  { repo: 'mosquito/aiormq', commit: 'ec95ea96d281df0fbb3ea032afca44aa503274e9', kind: 'protocol client (AMQP 0.9.1, pure asyncio)' },
];

/**
 * The eighth held-out set: judged as code the rules had not seen, then tuned on (a blocking call a test mocks out,
 * an assignment always made before a read, LOOP305's other handlers, LOOP306's file-system polls), so it is held out
 * no longer; kept to see that later changes do not undo that tuning (`realWorld.ts --corpus held-out-8`).
 */
export const HELD_OUT_8_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'prompt-toolkit/python-prompt-toolkit',
    commit: '583b3412c792a5cc9f01adde603679f3824a88f3',
    kind: 'terminal UI toolkit (its own loop use, input hooks, threads)',
  },
  { repo: 'mitmproxy/mitmproxy', commit: '8fc25b3045934777b0796d8ec7958bbc257d7bb5', kind: 'intercepting proxy (addons, asyncio servers)' },
  {
    repo: 'python-zeroconf/python-zeroconf',
    commit: 'fce7094fc55d68f2f584df17cb7fd811cdea8b49',
    kind: 'network discovery (mDNS, asyncio with a sync API on a loop thread)',
  },
  {
    repo: 'pymodbus-dev/pymodbus',
    commit: '736127513ceeca0fa9bd3d3adcf7516a4ffc161f',
    kind: 'protocol library (Modbus client and server)',
  },
  { repo: 'encode/httpcore', commit: '98209758cc14e1a5f966fe1dfdc1064b94055d8c', kind: 'HTTP transport (sync and async, anyio and trio)' },
  {
    repo: 'python-kasa/python-kasa',
    commit: 'a29d0610bacd084a2197a7025cf083d4d2a51b02',
    kind: 'device client (smart-home LAN protocol, CLI)',
  },
];

/**
 * The ninth held-out set: judged as code the rules had not seen, then tuned on (urlopen of a data: URL, a loop a
 * helper finds or makes and closes only where a parameter says), so it is held out no longer; kept to see that later
 * changes do not undo that tuning (`realWorld.ts --corpus held-out-9`).
 */
export const HELD_OUT_9_PROJECTS: readonly PinnedProject[] = [
  { repo: 'litestar-org/litestar', commit: '8bd57248db3fd69aeda9c1ad6250aee2dbabf2b2', kind: 'ASGI web framework (DI, channels, stores)' },
  { repo: 'hikari-py/hikari', commit: '0ac3385921aabbd21ce691821d41996e9a5a255e', kind: 'Discord API library (gateway shards, REST)' },
  {
    repo: 'elastic/elasticsearch-py',
    commit: 'a5b15390037de892ade8764823394e47ef96a4d9',
    kind: 'search database client (sync and async, generated)',
  },
  { repo: 'scrapy/scrapy', commit: '11079cb1c85b9e75a39a7269943c69d1a975d485', kind: 'web crawler (Twisted with the asyncio reactor)' },
  {
    repo: 'matrix-nio/matrix-nio',
    commit: '331c93ed3e9ca86e7444b4dfdf05086654842ace',
    kind: 'protocol client (Matrix, end-to-end encryption)',
  },
  {
    repo: 'strawberry-graphql/strawberry',
    commit: '53008d932ecb2b13d0fb8d8e55395b61e3fcd284',
    kind: 'GraphQL library (async resolvers, subscriptions over websockets)',
  },
];

/**
 * The tenth held-out set: judged as code the rules had not seen, then tuned on (LOOP201 in coroutines only from a
 * target of 3.7 on, the target read from the classifiers), so it is held out no longer; kept to see that later
 * changes do not undo that tuning (`realWorld.ts --corpus held-out-10`).
 */
export const HELD_OUT_10_PROJECTS: readonly PinnedProject[] = [
  { repo: 'slackapi/bolt-python', commit: 'a2f21ae4b1d1d63a6a5dc533aa53a8c4badd103d', kind: 'bot framework (Slack, sync and async)' },
  {
    repo: 'jupyter/nbclient',
    commit: '0811ff44c63c9853c4d6ba7265d7042ca7f8742a',
    kind: 'notebook runner (kernel client, sync wrappers over a loop)',
  },
  { repo: 'python-gino/gino', commit: '6218b902cc8a31198f1a0b42d67e689140b68c8b', kind: 'ORM over asyncpg (engine, pools, strategies)' },
  { repo: 'fastapi/fastapi', commit: 'c3f316b7e814667e8ee81e03a7330d00ee61e45c', kind: 'web framework (sync and async endpoints, DI)' },
  {
    repo: 'Azure/azure-functions-python-worker',
    commit: '7e6acf36e43335ad69742923af9ff3d62b99242a',
    kind: 'cloud functions worker (gRPC, asyncio and thread pools)',
  },
  { repo: 'aio-libs/async-lru', commit: '594feafad8ae203e8d86c23ec205b6785f61efdb', kind: 'caching decorator for coroutines' },
];

/**
 * The eleventh held-out set, pinned at its snapshots' HEAD and judged as code the rules were never tuned on
 * (`realWorld.ts --corpus held-out-11`): its first judging is an honest precision figure; once a change
 * is tuned to it, it is held out no longer.
 */
export const HELD_OUT_11_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'agronholm/apscheduler',
    commit: 'f2337f7aa675718ba5f0af33e0cb53006304ab0a',
    kind: 'job scheduler (anyio, sync and async data stores)',
  },
  {
    repo: 'hummingbot/hummingbot',
    commit: '2bfaccc48dd49e71a5b6d9b3011808e127dd00cd',
    kind: 'trading bot (exchange connectors, websockets)',
  },
  {
    repo: 'googleapis/python-pubsub',
    commit: '63796ff3def3658ea22d4c2b734c08ad5ed94e72',
    kind: 'cloud API client (Pub/Sub, threads and generated asyncio)',
  },
  { repo: 'mautrix/python', commit: 'a0283cfb738e06319057c58942f4c2b71991af27', kind: 'chat bridge framework (Matrix appservices)' },
  {
    repo: 'samuelcolvin/watchfiles',
    commit: 'b6eb04ffaa99c3e656e448c75d137013ffa2ece3',
    kind: 'file watcher and reloader (Rust core, awatch)',
  },
  {
    repo: 'aio-libs/aiojobs',
    commit: '106fd28ce5c121be3b45589cf9992865f1e17056',
    kind: 'task scheduler for coroutines (limits, graceful close)',
  },
];

/**
 * The twelfth held-out set, pinned at its snapshots' HEAD and judged as code the rules were never tuned on
 * (`realWorld.ts --corpus held-out-12`): its first judging is an honest precision figure; once a change
 * is tuned to it, it is held out no longer.
 */
export const HELD_OUT_12_PROJECTS: readonly PinnedProject[] = [
  { repo: 'sbtinstruments/aiomqtt', commit: 'bd91349f9c75482824022bcf1a8c0b1bd50f1349', kind: 'MQTT client (paho over asyncio)' },
  { repo: 'vmagamedov/grpclib', commit: '0d27158f98aa939493009e6844576d81ec7d8254', kind: 'gRPC client and server (HTTP/2, h2)' },
  { repo: 'taskiq-python/taskiq', commit: 'ae2b788007a4c985394dda913f4df875ec79711a', kind: 'distributed task queue (brokers, workers)' },
  { repo: 'aio-libs/aiosmtpd', commit: '44c0159d77719ffc38696f166b49c5edc013560a', kind: 'SMTP server (protocol, controller thread)' },
  {
    repo: 'pyppeteer/pyppeteer',
    commit: '7dc91ee5173d3836f77800a3774beeaf2b448c0e',
    kind: 'browser automation (Chrome DevTools protocol)',
  },
  {
    repo: 'home-assistant-libs/pytradfri',
    commit: 'd47caefd252c5da8857c96cfe220f56fddc83661',
    kind: 'home-automation device API (CoAP gateway)',
  },
];

/**
 * The thirteenth held-out set, pinned at its snapshots' HEAD and judged as code the rules were never tuned on
 * (`realWorld.ts --corpus held-out-13`): its first judging is an honest precision figure; once a change
 * is tuned to it, it is held out no longer.
 */
export const HELD_OUT_13_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'nextcord/nextcord',
    commit: 'd5c1fedbcf173f44b1068d5f077c3ccec9f9d2fa',
    kind: 'Discord API library (a discord.py fork: gateway, voice, app commands)',
  },
  {
    repo: 'Neoteroi/BlackSheep',
    commit: 'a4ab530d332a0f621ab1ff5b0625be89c50036b9',
    kind: 'ASGI web framework and HTTP client (DI, Cython core)',
  },
  {
    repo: 'aio-libs/aiopg',
    commit: 'eabd5216c0adf7a131f79d028af9810c99e9b8ae',
    kind: 'database driver over psycopg2 (PostgreSQL, SQLAlchemy)',
  },
  {
    repo: 'postlund/pyatv',
    commit: 'b277a4c8222ecdcbaab8a24e3e713ca44765adb4',
    kind: 'device client (Apple TV protocols, scripts, fakes)',
  },
  { repo: 'jaraco/irc', commit: '90e10e690da2c7bf60de21be4e36d24c9ffd7474', kind: 'chat protocol library (IRC, sync reactor and asyncio)' },
  {
    repo: 'jupyterhub/jupyterhub',
    commit: '2841153db6c1c25d8b50955e2f4b39f78f3d0119',
    kind: 'multi-user notebook hub (tornado on asyncio, spawners, proxy)',
  },
];

/**
 * The fourteenth held-out set, pinned at its snapshots' HEAD and judged as code the rules were never tuned on
 * (`realWorld.ts --corpus held-out-14`): its first judging is an honest precision figure; once a change
 * is tuned to it, it is held out no longer.
 */
export const HELD_OUT_14_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'aiortc/aioquic',
    commit: '6d36838d008c2202c337142fa07e8bf80e96bac8',
    kind: 'protocol library (QUIC and HTTP/3 state machines, asyncio transport, example servers)',
  },
  {
    repo: 'aio-libs/aioftp',
    commit: '4552c2ddab71c24f62c28cb0d7989cb5ce32ffc6',
    kind: 'FTP client and server (streams, throttling, path I/O)',
  },
  {
    repo: 'miguelgrinberg/python-engineio',
    commit: '59a59908180421d1d29ff1c1048ee78faba03a1d',
    kind: 'realtime transport server and client (ASGI, aiohttp and tornado glue, sync and async twins)',
  },
  {
    repo: 'long2ice/asyncmy',
    commit: '1fc4d0b2678f9accfd1caee15c21469d861ed6cb',
    kind: 'database driver (MySQL wire protocol, connection pool; Cython core not linted)',
  },
  {
    repo: 'agronholm/anyio',
    commit: '660a06d548ca72759e9d89ed722dd1ad5227afe4',
    kind: 'async compatibility layer (asyncio and trio backends, structured concurrency, large test suite)',
  },
  {
    repo: 'home-assistant-libs/aiohue',
    commit: '95bece5d8d74eabb7904201920e3d1f3a161857b',
    kind: 'device client (Philips Hue bridge REST and event stream)',
  },
];

/**
 * The fifteenth held-out set, pinned at its snapshots' HEAD and judged as code the rules were never tuned on
 * (`realWorld.ts --corpus held-out-15`): its first judging is an honest precision figure; once a change
 * is tuned to it, it is held out no longer.
 */
export const HELD_OUT_15_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'nonebot/nonebot2',
    commit: '18509811d96d9613d998f94191ad13c9781e804a',
    kind: 'chat-bot framework (driver plugins, event matchers, dependency injection, lifespan hooks)',
  },
  {
    repo: 'zeromq/pyzmq',
    commit: 'c6bc8f20d47f9e779d17137201939a31fcd457cc',
    kind: 'messaging bindings (ZeroMQ sockets with asyncio and tornado futures, auth, device threads)',
  },
  {
    repo: 'getsentry/sentry-python',
    commit: '064542dd2cbdbe0b11f1cda7f47d7d2920b0c38b',
    kind: 'error-reporting SDK (transport worker, instrumentation of async frameworks and clients)',
  },
  {
    repo: 'lundberg/respx',
    commit: '57d8c29705fdbbaeb5cd216f1ea3bb0386d7ba16',
    kind: 'test helper (HTTPX request mocking, routes and side effects, mostly tests)',
  },
  {
    repo: 'long2ice/asynch',
    commit: '7b2d0bd5fa24ce084f366c5cb0f53c3aa2f66ee0',
    kind: 'database driver (ClickHouse native protocol, connection pool, cursors)',
  },
  {
    repo: 'agronholm/asphalt',
    commit: 'e1f4a17f03d9cc9d1400038df476bce1975f353c',
    kind: 'application framework (component tree, resource context, on anyio)',
  },
];

/**
 * The sixteenth held-out set, pinned at its snapshots' HEAD and judged as code the rules were never tuned on
 * (`realWorld.ts --corpus held-out-16`): its first judging is an honest precision figure; once a change
 * is tuned to it, it is held out no longer.
 */
export const HELD_OUT_16_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'DisnakeDev/disnake',
    commit: '3bad63c94a1a56ba72b18691d9d364687c48b8a6',
    kind: 'Discord API wrapper (gateway shards, voice, HTTP rate limits, interaction commands; a discord.py fork)',
  },
  {
    repo: 'home-assistant-libs/python-matter-server',
    commit: '606cfee7cabdcceb3a91ec1bce058fb4cb2eb2f7',
    kind: 'smart-home controller server and its client (websocket API over a Matter SDK run in threads)',
  },
  {
    repo: 'home-assistant-libs/aioshelly',
    commit: 'ea7a88f477a162fd26bca65e66498253a02d322d',
    kind: 'device API client (Shelly devices over HTTP, websocket RPC, CoAP and BLE)',
  },
  {
    repo: 'aio-libs/aiozipkin',
    commit: '978e7cde37a838340ad2c4aae1b6a72735fa8414',
    kind: 'distributed tracing (span recording, batching HTTP transport, aiohttp and aiobotocore hooks)',
  },
  {
    repo: 'Bluetooth-Devices/bleak-retry-connector',
    commit: 'cce9119e6dca5a0952b6efe11e76cc4cc2aaa9c7',
    kind: 'Bluetooth LE connection helper (retries, backoff, timeouts around bleak and BlueZ over D-Bus)',
  },
  {
    repo: 'aio-libs/aiohttp-session',
    commit: 'c8bd0904e9ce85c40178d45cd36cb9a2867d65d1',
    kind: 'web middleware (server sessions in cookies, Redis and memcached storages)',
  },
];

/**
 * The seventeenth held-out set, pinned at its snapshots' HEAD and judged as code the rules were never tuned on
 * (`realWorld.ts --corpus held-out-17`): its first judging is an honest precision figure; once a change
 * is tuned to it, it is held out no longer.
 */
export const HELD_OUT_17_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'zigpy/zigpy',
    commit: '1d37dae13d93d63aa4a50bb4e2c0667b9430d2d0',
    kind: 'Zigbee network stack (device requests and replies, OTA updates, radio-agnostic application controller)',
  },
  {
    repo: 'Bluetooth-Devices/habluetooth',
    commit: '8d3e16c6cc9bca670387ac35949604aa1c1b4acc',
    kind: 'Bluetooth scanner manager (local and remote scanners, advertisement tracking, connection slots)',
  },
  {
    repo: 'Bluetooth-Devices/dbus-fast',
    commit: 'd508c2c9360d1c718b30f5efa478f510d963c09c',
    kind: 'D-Bus protocol library (message bus over a Unix socket, proxy objects, exported service interfaces)',
  },
  {
    repo: 'aiokitchen/aiomisc',
    commit: 'ebfdb45c8d60fda24e42f7589d2fc7fe11ae4f0c',
    kind: 'asyncio toolkit (entrypoint and services, thread and process pools, circuit breaker, worker pool)',
  },
  {
    repo: 'Tribler/py-ipv8',
    commit: '95422f27d875890e6e614d3867c3d533270122c4',
    kind: 'peer-to-peer overlay networking (UDP endpoints, communities, DHT, tunnels, REST API)',
  },
  {
    repo: 'django/asgiref',
    commit: 'a7cc976fe8a2395307834bc4aebb462b9f379d55',
    kind: 'ASGI reference helpers (sync_to_async and async_to_sync over threads, WSGI adapter, test server)',
  },
];

/**
 * The eighteenth held-out set, pinned at its snapshots' HEAD and judged as code the rules were never tuned on
 * (`realWorld.ts --corpus held-out-18`): its first judging is an honest precision figure; once a change is tuned to it,
 * it is held out no longer.
 */
export const HELD_OUT_18_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'temporalio/sdk-python',
    commit: '3a464f9b56bad49926f03aa7b421209dbaa784f8',
    kind: 'durable workflow SDK (deterministic workflow event loop, activity workers, gRPC client over a Rust core)',
  },
  {
    repo: 'openlawlibrary/pygls',
    commit: 'e0fc705e4a36cc6ed330967dc4967bdc3f092dcd',
    kind: 'language server framework (JSON-RPC over stdio, TCP and websockets, request cancellation, thread handlers)',
  },
  {
    repo: 'slackapi/python-slack-sdk',
    commit: 'ae87985e2c3811ead978f31ea5a1e4a7ca5c3515',
    kind: 'API client (sync and aiohttp web clients side by side, Socket Mode over websockets, OAuth stores)',
  },
  {
    repo: 'romis2012/python-socks',
    commit: 'd39980c21bd15276daaddbf7d2da280d89b689c2',
    kind: 'proxy client (SOCKS4/5 and HTTP CONNECT for sync sockets, asyncio, trio, anyio and curio)',
  },
  {
    repo: 'vxgmichel/aiostream',
    commit: '2d151a87c46bc0402bf0d7300b27306a81b4871c',
    kind: 'async iterator operators (streams, pipes, merge and switch over async generators)',
  },
  {
    repo: 'lextudio/pysnmp',
    commit: '4a9b06f224b853b823572a13437a2d165dd545c5',
    kind: 'SNMP engine (asyncio UDP transports, command generators and responders, notification dispatch)',
  },
];

/**
 * The nineteenth held-out set, pinned at its snapshots' HEAD and judged as code the rules were never tuned on
 * (`realWorld.ts --corpus held-out-19`): its first judging is an honest precision figure; once a change
 * is tuned to it, it is held out no longer.
 */
export const HELD_OUT_19_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'mongodb/mongo-python-driver',
    commit: 'ebc4bffcc842464e48a3edbd04802d1a42bc818a',
    kind: 'database driver (asyncio client generated alongside a sync one, connection pools, server monitors)',
  },
  {
    repo: 'omnilib/aiomultiprocess',
    commit: '095d9f727834108e35e8aadcacd77d5de1f1401a',
    kind: 'process pools running event loops (coroutines sent to worker processes, results over queues)',
  },
  {
    repo: 'aio-libs/aiohttp-devtools',
    commit: '966a79e41e5f12f5233b2f6d5633f71fe30f74f6',
    kind: 'development server (file watching, app reloads in a subprocess, live-reload websocket)',
  },
  {
    repo: 'omnilib/aioitertools',
    commit: '47a2068abc2c7e34bff1a188cb5ce66fa24d9404',
    kind: 'itertools and builtins for async iterables (chain, zip, groupby, gather with limits)',
  },
  {
    repo: 'modelcontextprotocol/python-sdk',
    commit: '57394b0548d1e2dc2dce8d67d84985769df3b8bb',
    kind: 'protocol SDK on anyio (client and server sessions, stdio, SSE and streamable HTTP transports)',
  },
  {
    repo: 'pipecat-ai/pipecat',
    commit: 'acead0507d7de44e216d24533964106ca1d1d044',
    kind: 'real-time voice pipelines (frame processors as tasks, transports over websockets and WebRTC, service clients)',
  },
];

/**
 * The twentieth held-out set, pinned at its snapshots' HEAD and judged as code the rules were never tuned on
 * (`realWorld.ts --corpus held-out-20`): its first judging is an honest precision figure; once a change
 * is tuned to it, it is held out no longer.
 */
export const HELD_OUT_20_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'encode/broadcaster',
    commit: '6b3ea71d4f8fb038fa7d357a1fb3750d58ac614d',
    kind: 'publish/subscribe over Redis, Postgres, Kafka and memory backends (subscriber queues, listener tasks)',
  },
  {
    repo: 'fastapi/asyncer',
    commit: '4e0311b8558ccd443c4d1c74df65a3ff74093545',
    kind: 'anyio helpers (asyncify and syncify across threads, soonify task groups)',
  },
  {
    repo: 'aio-libs/aiomonitor',
    commit: 'b73fea2e0682803bda7531c93cd1dfb360839175',
    kind: 'live event-loop monitor (telnet and web consoles in a thread, task inspection and cancellation)',
  },
  {
    repo: 'roman-right/beanie',
    commit: '6989a1da8f7dd583d8c9bdbe2d644390a2034cdd',
    kind: 'MongoDB object-document mapper (async queries, migrations, lazy links over an async driver)',
  },
  {
    repo: 'unclecode/crawl4ai',
    commit: '7e801521428ee12509994d39151006f64055ebe3',
    kind: 'web crawler (browser pools over Playwright, dispatchers with rate limits, extraction strategies)',
  },
  {
    repo: 'browser-use/browser-use',
    commit: '85ddbfedf609166b2d2c76c3d80506649fee82a9',
    kind: 'browser agent (CDP sessions and event bus, watchdogs, LLM client calls, tool registry)',
  },
];

/**
 * The twenty-first held-out set, pinned at its snapshots' HEAD and judged as code the rules were never tuned on
 * (`realWorld.ts --corpus held-out-21`): its first judging is an honest precision figure; once a change
 * is tuned to it, it is held out no longer.
 */
export const HELD_OUT_21_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'openai/openai-python',
    commit: 'e43b422412a9e96c9cc5192c61fffbe2d7e04836',
    kind: 'generated API client (sync and async clients over httpx, streaming responses, realtime websockets)',
  },
  {
    repo: 'elastic/apm-agent-python',
    commit: 'f2f3a67e6046b66a4272647ea657d7bc2c660951',
    kind: 'tracing agent (instrumentation wrappers for async libraries, a background transport thread)',
  },
  {
    repo: 'ikalchev/HAP-python',
    commit: '67a9d2b1029d3532430f55eefb7a7ea450155ef6',
    kind: 'HomeKit accessory server (its own loop in a driver, encrypted HTTP over asyncio protocols, zeroconf)',
  },
  {
    repo: 'zigpy/bellows',
    commit: '7e1008e888286df7247fc8f9b512f74ac258c3a9',
    kind: 'Zigbee radio driver (serial protocol over asyncio transports, request futures, watchdog tasks)',
  },
  {
    repo: 'ipython/ipyparallel',
    commit: 'dcefca67e68a68a9928c31ac82332c74907cc800',
    kind: 'parallel computing cluster (ZeroMQ streams on tornado/asyncio loops, launchers of engine processes)',
  },
  {
    repo: 'pytransitions/transitions',
    commit: 'bd42b38f3627e6bca7274fb4d9af2e105f75da7c',
    kind: 'state machines (an asyncio extension running callbacks and cancelling running transitions)',
  },
  {
    repo: 'freqtrade/freqtrade',
    commit: 'c9ae5e1e9ff25bb55dd61f5e5519f7c479291edb',
    kind: 'trading bot (exchange clients driven from sync code through a private loop, websockets for its API)',
  },
  {
    repo: 'Pycord-Development/pycord',
    commit: 'e53d4bd8246086663d55298fa6e75bb199c71d7a',
    kind: 'Discord API library (gateway websocket, voice over UDP in threads, rate-limited HTTP, event dispatch)',
  },
  {
    repo: 'Chainlit/chainlit',
    commit: '488b74579ace74ad917556a1560e9db68e011219',
    kind: 'chat application server (socket.io sessions, sync callbacks run on the loop, data layers over databases)',
  },
  {
    repo: 'langchain-ai/langgraph',
    commit: 'f09cfe8ffc1eeffd68f4b628ed69c30f7cad229f',
    kind: 'agent graph runtime (parallel node execution in async and thread executors, checkpointers, streaming)',
  },
];

/**
 * The twenty-second held-out set, pinned at its snapshots' HEAD and judged as code the rules were never tuned on
 * (`realWorld.ts --corpus held-out-22`, or `--held-out`): its first judging is an honest precision figure; once a change
 * is tuned to it, it is held out no longer.
 */
export const HELD_OUT_22_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'tornadoweb/tornado',
    commit: 'e530031405e2154654dedc4c84d5656b557ea310',
    kind: 'web framework and server on the asyncio loop (IOLoop wrappers, iostreams, HTTP client, websockets)',
  },
  {
    repo: 'falconry/falcon',
    commit: 'ce0a35b8fd02747cc72710202886874906b0d47a',
    kind: 'WSGI and ASGI web framework (ASGI request streams, websockets, sync-to-async adapters, test client)',
  },
  {
    repo: 'PrefectHQ/prefect',
    commit: 'ce79dd3d6cfa2b7337265498210dbc4d25bcdc98',
    kind: 'workflow orchestration (flow and task engines sync and async, workers, an API server, event streams)',
  },
  {
    repo: 'sqlalchemy/sqlalchemy',
    commit: 'f35da7e2b9349a08b8de1f6bd3b07c8bf8616790',
    kind: 'database toolkit (asyncio extension over greenlets, async DBAPI adapters)',
  },
  {
    repo: 'ipython/ipython',
    commit: '7f0ee55684f08f5af18190aa58d4bb3018fb20d2',
    kind: 'interactive shell (top-level await in a REPL, event-loop integration with GUI toolkits)',
  },
  {
    repo: 'ets-labs/python-dependency-injector',
    commit: '5a1aef920372da6a95d14865caab10061aea7104',
    kind: 'dependency injection (async providers and resources, wiring of coroutine functions)',
  },
];

/**
 * The twenty-third held-out set, pinned at its snapshots' HEAD and judged as code the rules were never tuned on
 * (`realWorld.ts --corpus held-out-23`, or `--held-out`): its first judging is an honest precision figure; once a change
 * is tuned to it, it is held out no longer.
 */
export const HELD_OUT_23_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'anthropics/anthropic-sdk-python',
    commit: '009b035305e0724ce108ebd796935f91711fc6e1',
    kind: 'API client, sync and async (generated resources over httpx, streaming, retries, tool runners)',
  },
  {
    repo: 'Kludex/mangum',
    commit: '4152a4eb8d325e382f41e4b04628671565f12a2d',
    kind: 'ASGI adapter for AWS Lambda (runs an ASGI app to completion per event, lifespan cycle)',
  },
  {
    repo: 'aio-libs/aiodns',
    commit: '7c4ec801f8b0e8755a3b8c32cfd3f6cf61a874d8',
    kind: 'DNS resolver on pycares (socket callbacks on the loop, futures completed from C callbacks)',
  },
  {
    repo: 'psycopg/psycopg',
    commit: 'c079c37c959a89a8684a3d3858cbaff7e5543e71',
    kind: 'PostgreSQL driver, sync and async (generators driven by waiting functions, async connection pools)',
  },
  {
    repo: 'airtai/faststream',
    commit: '81238d681d243c151894508f88dbb946d92e5c74',
    kind: 'message-broker framework (Kafka, RabbitMQ, NATS, Redis subscribers; test brokers; a CLI runner)',
  },
  {
    repo: 'bluesky/ophyd-async',
    commit: 'c33d42a9b530e60c1c427fb1598c60475b94816f',
    kind: 'hardware abstraction for experiments (async devices and signals, a loop in a background thread)',
  },
  {
    repo: 'crossbario/autobahn-python',
    commit: 'e9eebbe6df7ee68d842575b588e521102c977a6c',
    kind: 'WebSocket and WAMP on Twisted or asyncio (protocol classes, component runners, txaio)',
  },
  {
    repo: 'zauberzeug/nicegui',
    commit: '932f019e287727d9b2b7887c79dbf47688d135d7',
    kind: 'web UI framework (background tasks, timers, io-bound and cpu-bound helpers, an app lifecycle)',
  },
  {
    repo: 'posit-dev/py-shiny',
    commit: '862411ec6f54c3221c1cb4b9688d746582355fd3',
    kind: 'reactive web framework (reactive graph flushed on the loop, extended tasks, sessions over websockets)',
  },
  {
    repo: 'pydantic/pydantic-ai',
    commit: '4fda38988f2939fa6ea9cdefcf120693e10ef491',
    kind: 'agent framework (model clients, streamed runs, graphs, MCP servers over stdio)',
  },
];

/**
 * The twenty-fourth held-out set, pinned at its snapshots' HEAD and judged as code the rules were never tuned on
 * (`realWorld.ts --corpus held-out-24`, or `--held-out`): its first judging is an honest precision figure; once a change
 * is tuned to it, it is held out no longer.
 */
export const HELD_OUT_24_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'tobymao/saq',
    commit: 'fe86758c5063612d6f94e0d6028aacaac45fcfed',
    kind: 'task queue (Redis and Postgres queues, workers with concurrent jobs, cron, a web UI)',
  },
  {
    repo: 'neo4j/neo4j-python-driver',
    commit: '624d3c4408720b98f927a91b0bffac7a459446f4',
    kind: 'graph database driver, sync and async (Bolt protocol over sockets, connection pools, sync code generated from async)',
  },
  {
    repo: 'opsdroid/opsdroid',
    commit: '4f1ef7c45a2ed26a95fb88b8fdb7e4deb33bde4a',
    kind: 'chat-bot framework (connectors for Slack, Matrix, Telegram and others; skills run on events; a web server)',
  },
  {
    repo: 'home-assistant/supervisor',
    commit: '090ef31ec024952c2469ed5a7c9f3ce8c1a5499e',
    kind: 'home-automation supervisor (Docker containers, D-Bus, jobs and a REST API on aiohttp)',
  },
  {
    repo: 'cdpdriver/zendriver',
    commit: '2c6d9c7daaab543d34e9fe2b0ef7eaa171c79760',
    kind: 'browser automation over the Chrome DevTools Protocol (websocket connection, event handlers, generated CDP domains)',
  },
  {
    repo: 'emmett-framework/emmett',
    commit: '0b8ecde144b2dc64d2a834b40d0eea1e72642f7c',
    kind: 'web framework (ASGI and RSGI handlers, websockets, an ORM, a CLI)',
  },
  {
    repo: 'wialon/gmqtt',
    commit: '4b84685ce1c079905da22eeb119f168f1350762c',
    kind: 'MQTT client (protocol on asyncio transports, reconnects, message resending)',
  },
  {
    repo: 'vxgmichel/aioconsole',
    commit: 'c59b5eab9622c86b6f852c47d90d7cf071706397',
    kind: 'asynchronous console and REPL (async input and print, streams over stdio, a console server)',
  },
  {
    repo: 'strands-agents/sdk-python',
    commit: '1232230daa4385fd6470be29013eb2375d7a307c',
    kind: 'agent framework (model providers, streamed event loops, tools run concurrently, multi-agent graphs)',
  },
  {
    repo: 'poezio/slixmpp',
    commit: '7a0fb970833c778ed50dcb49c5b7b4043d57b1e5',
    kind: 'XMPP library (XML stream over asyncio transports, plugins, scheduled tasks)',
  },
];

/**
 * The twenty-fifth held-out set, pinned at its snapshots' HEAD and judged as code the rules were never tuned on
 * (`realWorld.ts --corpus held-out-25`, or `--held-out`): its first judging is an honest precision figure; once a change
 * is tuned to it, it is held out no longer.
 */
export const HELD_OUT_25_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'cole/aiosmtplib',
    commit: '320180ee448666fe15d68264e49ba7c265842b40',
    kind: 'SMTP client (protocol on asyncio transports, STARTTLS and authentication, a one-call send API)',
  },
  {
    repo: 'apify/crawlee-python',
    commit: '8ea5bde72c63a1dde727e54f77d583cda103d3be',
    kind: 'web crawling and scraping framework (HTTP and Playwright crawlers, an autoscaled task pool, request queues and storages)',
  },
  {
    repo: 'Krukov/cashews',
    commit: 'f3d810af58c586e6c1bfa3a272dd9f7d3a3c8565',
    kind: 'async cache (caching decorators, memory, Redis and disk backends, locks, rate limits, transactions)',
  },
  {
    repo: 'procrastinate-org/procrastinate',
    commit: 'f099a753730d5492bdebdc1c1f2796ffa5cf5671',
    kind: 'job scheduler on PostgreSQL (workers with concurrent jobs, LISTEN/NOTIFY, periodic tasks, sync and async connectors)',
  },
  {
    repo: 'lastmile-ai/mcp-agent',
    commit: '04cae7ea5ba3a5c4e62c22884938699c73705651',
    kind: 'LLM agent framework over MCP (MCP server connections, workflow patterns, LLM providers, a Temporal executor)',
  },
  {
    repo: 'Aiven-Open/karapace',
    commit: '3bbc1f8d30d7b650f49b75128ba9a46fdab61a67',
    kind: 'Kafka schema registry and REST proxy (aiohttp servers, Kafka consumers and producers, a master coordinator)',
  },
  {
    repo: 'graphql-python/gql',
    commit: '0eb57fe92bc1c7df7d96f5104382ec65b816b522',
    kind: 'GraphQL client (aiohttp, httpx, websockets and Phoenix channel transports, subscriptions, a sync wrapper)',
  },
  {
    repo: 'collerek/ormar',
    commit: 'caeb4a17df34fa60fadd9143a1d0aaecadec9472',
    kind: 'async ORM (pydantic models over SQLAlchemy core, async connections and transactions, relations, signals)',
  },
  {
    repo: 'Jc2k/aiohomekit',
    commit: 'af1aeb68de3f816f1d220076f9015370058875f8',
    kind: 'HomeKit controller (pairing and encrypted sessions over IP, Bluetooth LE and CoAP, zeroconf discovery)',
  },
  {
    repo: 'PythonistaGuild/TwitchIO',
    commit: '9a4d33483bfd26c1c8fc75173ecec676b61db29f',
    kind: 'Twitch bot library (EventSub over websockets, a Helix HTTP client, a commands extension, routines)',
  },
];

/**
 * The twenty-sixth held-out set, pinned at its snapshots' HEAD: judged at first sight in session 37 and tuned on since,
 * so it is held out no longer; kept to see that later changes do not undo that tuning
 * (`realWorld.ts --corpus held-out-26`).
 */
export const HELD_OUT_26_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'chrysn/aiocoap',
    commit: 'f867dc482ec4bfd7246924a7f4babf30b0193e79',
    kind: 'CoAP client and server (UDP, DTLS, TCP and WebSocket transports, OSCORE, observations, a resource site)',
  },
  {
    repo: 'XKNX/xknx',
    commit: '9c234daf87bfae64ca3f86159b2d2d27bbc0f489',
    kind: 'KNX home-automation library (KNX/IP tunnelling and routing over UDP and TCP, secure sessions, devices, a telegram queue)',
  },
  {
    repo: 'maubot/maubot',
    commit: '0a20df5a8aef581bbe03c3d4db5b66be375896d8',
    kind: 'Matrix bot system (plugin instances on mautrix clients, an aiohttp management API, plugin loading)',
  },
  {
    repo: 'dbos-inc/dbos-transact-py',
    commit: '6bc3032f8bd381718aa7ca7a986fcd2542637c08',
    kind: 'durable workflow engine (workflows and steps checkpointed in Postgres, queues, scheduled workflows, sync and async APIs)',
  },
  {
    repo: 'voila-dashboards/voila',
    commit: '886b74cd78d6ee19b450abb93a7fdaddab4f076d',
    kind: 'Jupyter notebook dashboard server (Tornado handlers, kernel execution through nbclient, pre-heated kernels)',
  },
  {
    repo: 'danielgtaylor/python-betterproto',
    commit: '124613f55fa8ff62a460e1ad33c5c78723b703a0',
    kind: 'protobuf and gRPC code generator (generated dataclass messages, async gRPC stubs and services over grpclib)',
  },
  {
    repo: 'maximdanilchenko/aiochclient',
    commit: '6e2352736d67334324daabb2dcd568ea87b0a464',
    kind: 'ClickHouse client (HTTP queries over aiohttp or httpx, streamed rows, typed record parsing)',
  },
  {
    repo: 'Yakifo/amqtt',
    commit: '175202e2b8754b940e235b27f72c9346c421e3db',
    kind: 'MQTT broker and client (TCP and websocket listeners, sessions, a plugin manager, QoS retries)',
  },
  {
    repo: 'rthalley/dnspython',
    commit: 'fdbbf4b429472242531d4121ff668c63c81d3a1a',
    kind: 'DNS toolkit (messages and zones, sync and asyncio resolvers and queries over UDP, TCP, DoH, DoT and DoQ)',
  },
  {
    repo: 'howie6879/ruia',
    commit: '68a45028830a6e6b88eda00abf021174a8ceaceb',
    kind: 'async web scraping framework (spiders with worker tasks, an aiohttp request layer, items, middlewares)',
  },
];

/**
 * The twenty-seventh held-out set, pinned at its snapshots' HEAD: judged at first sight in session 38 and tuned on since,
 * so it is held out no longer; kept to see that later changes do not undo that tuning
 * (`realWorld.ts --corpus held-out-27`).
 */
export const HELD_OUT_27_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'ethereum/web3.py',
    commit: '2f907b87003f026506097d0941b91c3cc71433fe',
    kind: 'Ethereum client library (async HTTP and persistent websocket and IPC providers, subscriptions, middleware, ENS)',
  },
  {
    repo: 'ib-api-reloaded/ib_async',
    commit: '2afdae44a47f067bf3d1a23a4840234f2906ef64',
    kind: 'trading API client (Interactive Brokers TWS protocol over an asyncio connection, event-driven state, a sync facade)',
  },
  {
    repo: 'interactions-py/interactions.py',
    commit: '83fef883471328deb322f1f2bfd66d937768876b',
    kind: 'Discord bot library (gateway websockets with shards, an HTTP client with rate limits, slash commands, voice)',
  },
  {
    repo: 'maxfischer2781/asyncstdlib',
    commit: 'c899bfeebdce313c3b1ffd7def487693ca801b75',
    kind: 'async standard library (async builtins, itertools, functools and contextlib, an async LRU cache)',
  },
  {
    repo: 'art049/odmantic',
    commit: '26e45046cfd780b0616abea25f0672de25a4a7dc',
    kind: 'MongoDB ODM (pydantic models, async and sync engines over Motor and PyMongo, sessions and transactions)',
  },
  {
    repo: 'talkiq/gcloud-aio',
    commit: 'bf71a537e6f5150162b2f9515992f2cd244ac137',
    kind: 'Google Cloud clients (auth tokens, Storage, Pub/Sub with a subscriber of worker tasks, Datastore, BigQuery, Tasks)',
  },
  {
    repo: 'miguelgrinberg/microdot',
    commit: '118f4ef71af8816b87abed32219e2c90839a2161',
    kind: 'web framework for CPython and MicroPython (its own asyncio server, websockets, SSE, sessions, an ASGI adapter)',
  },
  {
    repo: 'mosquito/aiofile',
    commit: 'f1de9014ad7b7954e6417fc3c4d178d6ff540973',
    kind: 'file I/O library (Linux AIO and thread-pool contexts through caio, async readers and line iterators)',
  },
  {
    repo: 'mher/flower',
    commit: 'e6cf8ef78776098bf8d3f1674056fc00dd62e388',
    kind: 'Celery monitoring server (Tornado handlers and REST API, an event-capturing thread, inspection through the broker)',
  },
  {
    repo: 'pypa/bandersnatch',
    commit: '6c22dfd85ffc788b97cbc63edbca0318315af44c',
    kind: 'PyPI mirror client (aiohttp downloads with concurrent workers, filter and storage plugins, a verify command)',
  },
  {
    repo: 'NabuCasa/hass-nabucasa',
    commit: '781d70e8a5c6b8d24dc5bcbd6646f86b6dc14350',
    kind: 'Home Assistant cloud connector (an IoT websocket to the cloud, a remote-access TLS tunnel, Cognito auth, voice and Alexa/Google reports)',
  },
];

/**
 * The twenty-eighth held-out set, pinned at its snapshots' HEAD: judged at first sight in session 39 and tuned on since,
 * so it is held out no longer; kept to see that later changes do not undo that tuning
 * (`realWorld.ts --corpus held-out-28`).
 */
export const HELD_OUT_28_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'janbjorge/pgqueuer',
    commit: '12b99d9993589a5e6b62c349e2a750a8650847e1',
    kind: 'PostgreSQL job queue (workers woken by LISTEN/NOTIFY, FOR UPDATE SKIP LOCKED claims, cron schedules, an in-memory mode)',
  },
  {
    repo: 'geldata/gel-python',
    commit: '8a956d62b380db36ecaacc57952a94b1bab40d6a',
    kind: 'Gel (EdgeDB) database driver (blocking and asyncio clients, connection pools, retried transactions, an ORM and codegen)',
  },
  {
    repo: 'vkbottle/vkbottle',
    commit: 'a1ebe55d1c801706342595fd8c3a3cd9bce42cb7',
    kind: 'VK bot framework (long-poll and callback polling, a handler dispatcher with rules and middlewares, an API client)',
  },
  {
    repo: 'Python-roborock/python-roborock',
    commit: '9352177c44b4a3117a1febb9d71727f341a9cb37',
    kind: 'robot vacuum control library (cloud MQTT and local TCP channels, a device manager, a web API client, a CLI)',
  },
  {
    repo: 'autoscrape-labs/pydoll',
    commit: 'a93d3ba9936067a085170e2f8381b04f501a766b',
    kind: 'browser automation library (Chrome DevTools Protocol over a websocket, tabs and elements, network interception, events)',
  },
  {
    repo: 'kalaspuff/tomodachi',
    commit: 'ac471870f02ccf388cfa53a12e6692481931e771',
    kind: 'microservice framework (aiohttp HTTP and websocket handlers, AWS SNS+SQS and AMQP messaging, scheduled functions)',
  },
  {
    repo: 'bamthomas/aioimaplib',
    commit: '83128c82f26fa2d8b375c7dd7eee1d7192b09e96',
    kind: 'IMAP4 client (an asyncio protocol with tagged commands, IDLE, and a test IMAP server)',
  },
  {
    repo: 'tconbeer/harlequin',
    commit: '36a2286ab98ccc9a7dba3522a9fe91a952816ca3',
    kind: 'terminal SQL IDE (a Textual app running queries in workers, database adapter plug-ins, a data catalog)',
  },
  {
    repo: 'i-am-bee/beeai-framework',
    commit: '1d57df481511005d59e065ff0c1ba94065a6ead9',
    kind: 'AI agent framework (agents, workflows, tools, LLM backends, memory, an emitter of events, MCP and A2A servers)',
  },
  {
    repo: 'qweeze/rstream',
    commit: '692df4910753c4bf50796af1b3f2b601c424cebd',
    kind: 'RabbitMQ Streams client (producers with confirmations, consumers with offset tracking, super streams, reconnection)',
  },
  {
    repo: 'aio-libs/aiozmq',
    commit: 'bc471896c3b200fd052beccfac32bd4cd79e24d5',
    kind: 'ZeroMQ integration and RPC (ZMQ transports on the event loop, streams, RPC, pub/sub and pipeline services)',
  },
];

/**
 * The twenty-ninth held-out set, pinned at its snapshots' HEAD: judged at first sight in session 41 and tuned on since,
 * so it is held out no longer; kept to see that later changes do not undo that tuning
 * (`realWorld.ts --corpus held-out-29`).
 */
export const HELD_OUT_29_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'tastyware/streaq',
    commit: '56567dc3797e89ac4470ac3998b432024b527c90',
    kind: 'Redis-streams task queue (async workers with task priorities and dependencies, cron tasks, a web UI)',
  },
  {
    repo: 'ydb-platform/ydb-python-sdk',
    commit: '53b1b16801430b798ff0b2f194b3876cc8394908',
    kind: 'YDB database driver (gRPC sessions and pools, blocking and asyncio clients, topic readers and writers, retries)',
  },
  {
    repo: 'tencent-connect/botpy',
    commit: 'e25f3e84bad7217357d8200a9d12939b58285b84',
    kind: 'QQ bot framework (a websocket gateway with sharded sessions and heartbeats, event handlers, an HTTP API client)',
  },
  {
    repo: 'music-assistant/server',
    commit: 'a80940c9953e51f78399c71fa5e03860e2df9b1c',
    kind: 'music library and streaming server (provider plug-ins, player queues, ffmpeg audio streams, a websocket API)',
  },
  {
    repo: 'spesmilo/electrumx',
    commit: '42e9b38f8911103ed198a41dc4b883e52858dc88',
    kind: 'Electrum server (JSON-RPC sessions over aiorpcx, a block processor fed by the daemon, peer discovery)',
  },
  {
    repo: 'dymmond/lilya',
    commit: '0dd9295e20ae882b272b0eada5b0a5e3fa25f873',
    kind: 'ASGI framework and toolkit (routing, middleware, responses and streaming, background tasks, a CLI)',
  },
  {
    repo: 'vladkens/twscrape',
    commit: '9745b021d8a7405bed8bc56a725813367b3f07dd',
    kind: 'X/Twitter scraper (an account pool with logins and rate limits, GraphQL queries with pagination, a CLI)',
  },
  {
    repo: 'joouha/euporie',
    commit: 'c6f8ad63c7767d106436e67a7ca01e6ad067c532',
    kind: 'terminal Jupyter app (a prompt_toolkit notebook and console running kernels, rich output, a multi-user hub)',
  },
  {
    repo: 'run-llama/workflows-py',
    commit: '0b2098b762f4f49994c7877a40f2060f419dcae7',
    kind: 'agent workflow framework (event-driven steps, contexts and streams, a workflow server, a control plane, a deploy CLI)',
  },
  {
    repo: 'centrifugal/centrifuge-python',
    commit: '1315468ebec743e3bd65b4294fda5f9de8c2ddd0',
    kind: 'real-time messaging client (Centrifugo websocket connections, subscriptions with recovery, reconnects and pings)',
  },
  {
    repo: 'kr8s-org/kr8s',
    commit: '418ce61c668c4eb8e35bd664868df3cbf680c8ef',
    kind: 'Kubernetes API client (asyncio objects with sync wrappers, watches, port forwarding, exec over websockets)',
  },
];

/**
 * The thirtieth held-out set, pinned at its snapshots' HEAD: judged at first sight in session 41 and tuned on since,
 * so it is held out no longer; kept to see that later changes do not undo that tuning
 * (`realWorld.ts --corpus held-out-30`).
 */
export const HELD_OUT_30_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'TkTech/chancy',
    commit: '510580f0c2aeedbd0631c1fa1bc291545205113d',
    kind: 'PostgreSQL job queue (workers polling with SKIP LOCKED, plugins for cron, leadership and retries, a web UI)',
  },
  {
    repo: 'arangodb/python-arango-async',
    commit: '119e60c0daf59fb3afc506fe53dcd823ff20ea13',
    kind: 'ArangoDB driver (an aiohttp client with host resolvers and retries, databases, collections, AQL cursors, async jobs, transactions)',
  },
  {
    repo: 'bdraco/yalexs',
    commit: 'd431a9c534a999ce12e49e41da0e299b38be22fa',
    kind: 'smart-lock library for August and Yale (a REST API client, PubNub and socket.io activity streams, a device data hub)',
  },
  {
    repo: 'eternnoir/pyTelegramBotAPI',
    commit: '74340413e9ee409a79d2c56eaadf518c907c206e',
    kind: 'Telegram bot library (blocking and asyncio bots, long polling and webhooks, handler dispatch, middlewares, state storage)',
  },
  {
    repo: 'MarshalX/atproto',
    commit: '568529bbf35f9956ebb7760e1bc997040171c903',
    kind: 'AT Protocol (Bluesky) SDK (sync and async XRPC clients, firehose websockets, identity resolution, generated models)',
  },
  {
    repo: 'livekit/python-sdks',
    commit: '0ef63ce92c510f3494d07aaae047284a2caebae7',
    kind: 'real-time media SDK (WebRTC rooms over a Rust FFI core, audio and video streams and sources, RPC, a server API client)',
  },
  {
    repo: 'darrenburns/posting',
    commit: '56703a11513e8e74e681b4f859f31945b71e746f',
    kind: 'terminal HTTP client (a Textual app sending requests with httpx in workers, collections, scripts, file watching)',
  },
  {
    repo: 'google/adk-python',
    commit: '7c670f638bc17374ceb08740bdd057e55c9c2e12',
    kind: 'AI agent development kit (agents, tools, LLM flows, sessions and memory services, live streaming, a web server)',
  },
  {
    repo: 'soxoj/maigret',
    commit: '149acb17832862857c67facf99ea7094d16a3969',
    kind: 'OSINT username scraper (checks thousands of sites concurrently over aiohttp, parses profiles, reports, a CLI)',
  },
  {
    repo: 'hsahovic/poke-env',
    commit: '788d53305ad8d769902a0acd32ba684e3bed7e0c',
    kind: 'Pokémon Showdown battle agents (players over a websocket to the game server, battle state, a Gymnasium environment)',
  },
  {
    repo: 'spotDL/spotify-downloader',
    commit: '0b5158067982c8f840db9e7573991242a427c9ed',
    kind: 'music downloader CLI (Spotify metadata, YouTube matching, concurrent downloads on an event loop, a web UI server)',
  },
];

/**
 * The thirty-first held-out set, pinned at its snapshots' HEAD: judged at first sight in session 42 and tuned on since,
 * so it is held out no longer; kept to see that later changes do not undo that tuning
 * (`realWorld.ts --corpus held-out-31`).
 */
export const HELD_OUT_31_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'dymmond/esmerald',
    commit: '536dfa82ed57e57cdcfb7038b883151e47831354',
    kind: 'ASGI web framework (Esmerald, renamed Ravyn: routing and controllers on Lilya, dependency injection, middleware, OpenAPI, schedulers, a CLI)',
  },
  {
    repo: 'aleksul/repid',
    commit: '2f0538ece58a71980fc3a56b0c2882f7c0bb9bcc',
    kind: 'async task queue framework (actors and workers over Redis, AMQP, NATS, Kafka, SQS and Pub/Sub brokers, its own AMQP protocol, AsyncAPI schemas)',
  },
  {
    repo: 'HENNGE/aiodynamo',
    commit: 'f326b87b4cf0a2106d5c80a1c41b5b858f8aa850',
    kind: 'DynamoDB client (signed requests over pluggable aiohttp or httpx clients, credential providers, paginated queries and scans, retries)',
  },
  {
    repo: 'jquast/telnetlib3',
    commit: 'f3c6a01b7ade02936384d6c17a0e2c8d47a97cd6',
    kind: 'Telnet protocol library (asyncio client and server protocols, option negotiation, stream readers and writers, a pty shell, CLIs)',
  },
  {
    repo: 'uilibs/uiprotect',
    commit: '506380e93364547b8523451be3f7f538a3c15a57',
    kind: 'home-automation device client for UniFi Protect (a REST API client, a websocket of live updates, device models, a CLI)',
  },
  {
    repo: 'Cog-Creators/Red-DiscordBot',
    commit: '4e27059209473118142a5a220b002353dc82d3e4',
    kind: 'Discord bot framework and app (a self-hosted bot on discord.py with loadable cogs, config drivers, audio over Lavalink, a downloader)',
  },
  {
    repo: 'scrapy-plugins/scrapy-playwright',
    commit: '5d5932d02b821316693403af30a412d7fff283c5',
    kind: 'crawler plugin (a Scrapy download handler driving Playwright browsers on an asyncio loop, pages and contexts per request)',
  },
  {
    repo: 'ggozad/oterm',
    commit: 'e090ffec6c275c53dfab311c8fb8bfd35e9e0ed1',
    kind: 'terminal LLM chat app (a Textual client for Ollama and other providers, streaming replies, MCP tools, a SQLite store)',
  },
  {
    repo: 'willemt/pytest-asyncio-cooperative',
    commit: '580309e280093132e919c25c8adb4ecdb59b7e7a',
    kind: 'pytest plugin (runs all async tests of a session concurrently on one loop, with timeouts, retries and fixture locks)',
  },
  {
    repo: 'PrefectHQ/marvin',
    commit: 'e81f5faf4c4fcde7cd622180c70293ee5bc027bf',
    kind: 'AI agent framework (agents, tasks and threads on pydantic-ai, orchestration, memory stores, a SQLite database, Slack bot examples)',
  },
  {
    repo: 'carlmontanari/scrapli',
    commit: '343e149b6eba63095afab40c682f8c12a8fd5659',
    kind: 'network-device automation client (CLI and NETCONF sessions over SSH and Telnet through a native core, sync and asyncio APIs)',
  },
  {
    repo: 'StevenLooman/async_upnp_client',
    commit: '55121ed4ad9660991674275472f70d10eb90d134',
    kind: 'UPnP and SSDP library (device discovery and advertisements over UDP, SOAP actions, event subscriptions, DLNA profiles, a CLI)',
  },
];

/**
 * The thirty-second held-out set, pinned at its snapshots' HEAD: judged at first sight in session 43 and tuned on since,
 * so it is held out no longer; kept to see that later changes do not undo that tuning
 * (`realWorld.ts --corpus held-out-32`).
 */
export const HELD_OUT_32_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'inngest/inngest-py',
    commit: '305bc6a83a279b6d35c1228dd48a6e6b346e3f73',
    kind: 'durable job and workflow functions SDK (event-triggered functions run as retried steps, cron triggers, served through Flask, Django, FastAPI and Tornado handlers or a Connect worker over a websocket)',
  },
  {
    repo: '05bit/peewee-async',
    commit: '0d7c5a575503a6b65af2c0c5c7b133e1f2266d1b',
    kind: 'async ORM layer (peewee models and queries over aiopg, psycopg, aiomysql and aiosqlite connection pools, transactions per task)',
  },
  {
    repo: 'attzonko/mmpy_bot',
    commit: 'e6f28531d0b71bffbf6b3a57945933f79c581226',
    kind: 'Mattermost bot framework (plugins with listen_to decorators over a websocket driver, a thread pool, a scheduler, an aiohttp webhook server)',
  },
  {
    repo: 'frenck/python-wled',
    commit: 'd8c56e288c0d6fbefddca7d44198682e04003d5b',
    kind: 'home-automation device client for WLED LED controllers (an aiohttp REST client, a websocket of state updates, device models, a Typer CLI)',
  },
  {
    repo: 'D4Vinci/Scrapling',
    commit: '4ce0fb1c1a605c53abe781b60d3c7ab51ab6721c',
    kind: 'web scraping library (an adaptive HTML parser, HTTP and Playwright browser fetchers with sync and async sessions, a spider framework, an MCP server, a shell CLI)',
  },
  {
    repo: 'mirumee/ariadne',
    commit: 'e33ed1bc000655e0e3dfa8389525a9d7ee07a3e5',
    kind: 'GraphQL server library (schema-first resolvers, ASGI and WSGI apps, subscriptions over websockets and SSE, federation, relay, tracing extensions)',
  },
  {
    repo: 'aiortc/aioice',
    commit: 'ba9356264d642b5dd8a6e3cc9b11677fb9247648',
    kind: 'ICE protocol library (STUN and TURN clients over UDP and TCP, candidate gathering and connectivity checks, mDNS host candidates)',
  },
  {
    repo: 'prompt-toolkit/ptpython',
    commit: 'dfe9dae32df17f6695aad6168ec271d02eb1232e',
    kind: 'Python REPL console app (a prompt_toolkit shell with completion and history, an asyncio-embedding REPL, an asyncssh server, IPython integration)',
  },
  {
    repo: 'getzep/graphiti',
    commit: '993e081a6d7948a0d8851c12a5fbdbeb49fed862',
    kind: 'LLM agent memory framework (temporal knowledge graphs over Neo4j, FalkorDB, Kuzu and Neptune drivers, LLM extraction and search, an MCP server, a FastAPI service)',
  },
  {
    repo: 'Polyconseil/aioamqp',
    commit: '802bb9efad467b37e7be5f7e29c01621878b7d7e',
    kind: 'AMQP 0-9-1 client for RabbitMQ (an asyncio protocol, channels, consumers, publisher confirms, frame encoding)',
  },
  {
    repo: 'Martiusweb/asynctest',
    commit: '4b1284d6bab1ae90a6e8d88b882413ebbb7e5dce',
    kind: 'test library (unittest TestCases running coroutines on a fresh loop, CoroutineMock and patching, a clocked loop, fail_on checks)',
  },
  {
    repo: 'nathom/streamrip',
    commit: '5bcadd3c6a375ef432a78e371800b97f18f6daa3',
    kind: 'music downloader CLI app (Qobuz, Tidal, Deezer and SoundCloud clients on aiohttp, concurrent track downloads, conversion, a SQLite database)',
  },
];

/**
 * The thirty-third held-out set, pinned at its snapshots' HEAD: judged at first sight in session 44 and tuned on since,
 * so it is held out no longer; kept to see that later changes do not undo that tuning
 * (`realWorld.ts --corpus held-out-33`).
 */
export const HELD_OUT_33_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'imranariffin/aiotaskq',
    commit: 'e9f75272d5ed8b03eeab236259d33c28d25c572f',
    kind: 'task queue (tasks registered by decorator, run by a pool of worker processes fed over Redis pub/sub, a concurrency manager, a CLI)',
  },
  {
    repo: 'surrealdb/surrealdb.py',
    commit: 'fbd32bd57a10a359cdac2e19762b623623b014d0',
    kind: 'database driver for SurrealDB (async and blocking clients over websockets, HTTP and an embedded engine, CBOR encoding, live queries, framework examples)',
  },
  {
    repo: 'python-discord/bot',
    commit: '35d9e45d29c5213984e1dfbd8e034076a9951849',
    kind: 'Discord bot application (the Python Discord community bot on discord.py: moderation, infractions and filtering cogs, help channels, scheduled tasks, an aiohttp API client)',
  },
  {
    repo: 'mvn23/pyotgw',
    commit: '1af09580d0bc3f3197f6fb3b1140f4bfee493467',
    kind: 'home-automation library for the OpenTherm Gateway (an asyncio serial or TCP protocol, command and message processors, a reconnecting connection, status updates to subscribers)',
  },
  {
    repo: 'kaliiiiiiiiii/Selenium-Driverless',
    commit: 'ca333fd88b0b7722ac128e08deccbb5ffbd66b39',
    kind: 'browser-automation tool (Chrome driven over the DevTools protocol without chromedriver, targets and contexts, network interception, human-like input, sync wrappers)',
  },
  {
    repo: 'reactive-python/reactpy',
    commit: 'aafabc2965dc517f3aab35d5a050bbbf23c5c03e',
    kind: 'web UI framework (React-like components and hooks rendered by an asyncio layout, ASGI middleware and standalone executors over websockets, PyScript, testing helpers on Playwright)',
  },
  {
    repo: 'micro-fan/aiozk',
    commit: '0add66fbd6e7e07b2a21c1ade13fb93ff1f3abae',
    kind: 'ZooKeeper protocol client (a session over an asyncio connection, request and response framing, watches, and lock, barrier, election and other recipes)',
  },
  {
    repo: 'whyisdifficult/jiratui',
    commit: 'd042dc2adf7d82ca93eb9934e53bff1eed3d6778',
    kind: 'Jira console TUI app (Textual screens and workers over an async httpx Jira client, search, issue editing, a CLI)',
  },
  {
    repo: 'BrainBlend-AI/atomic-agents',
    commit: 'f849087b26bbb6fb5e63acb60f2b566ce874aaa7',
    kind: 'LLM agent framework (schema-typed agents over instructor, tools, MCP connectors, a Textual tool assembler, example agent apps)',
  },
  {
    repo: 'python-streamz/streamz',
    commit: '30c16667f44d6095c53c24c62939b75c191974b8',
    kind: 'streaming data pipeline library (Stream nodes on a Tornado or asyncio loop, timed and batched operators, sources and sinks, Kafka, dask and dataframe streams)',
  },
  {
    repo: 'nolar/looptime',
    commit: 'fe850e1eddc2c13efcf660ad56006a0ad1bc6548',
    kind: 'test utility (a pytest plugin giving asyncio event loops fake, compressed time: patched loop clocks, chronometers, executors and idle I/O handling)',
  },
  {
    repo: 'laramies/theHarvester',
    commit: 'b8055faed057e68363101179d99156edf064a11f',
    kind: 'OSINT CLI application (concurrent aiohttp queries of search engines and APIs, DNS resolution and brute force, a FastAPI REST server with run workers, screenshots)',
  },
];

/**
 * The thirty-fourth held-out set, pinned at its snapshots' HEAD: judged at first sight in session 45 and tuned on since,
 * so it is held out no longer; kept to see that later changes do not undo that tuning
 * (`realWorld.ts --corpus held-out-34`).
 */
export const HELD_OUT_34_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'Ananto30/zero',
    commit: 'f2a1f10d8c65c1df7358a16fb70dac7d47e28dc4',
    kind: 'RPC framework over ZeroMQ (async and sync clients, a server of worker processes, router-dealer patterns, msgspec encoding, pub/sub, generated clients, benchmarks)',
  },
  {
    repo: 'BurnySc2/python-sc2',
    commit: 'f175e8160762dcba9a1524b3491cf5f522e01fde',
    kind: 'game bot API for StarCraft II (a websocket client of the game process, the bot loop and unit model, game launchers and ladder play, example bots)',
  },
  {
    repo: 'Shizmob/pydle',
    commit: 'b7e5c5741e914c6c648bcfe0fc1c7e79f4dfbafd',
    kind: 'IRC client library (an asyncio connection, RFC1459 with CTCP, ISUPPORT, IRCv3 and SASL features mixed into clients, a client pool)',
  },
  {
    repo: 'alisaifee/limits',
    commit: 'f7d1eef524a55301956a21a07853423632605b80',
    kind: 'rate-limiting library (fixed and moving window strategies, sync and async storages on Redis, Memcached, MongoDB and memory)',
  },
  {
    repo: 'bmoscon/cryptofeed',
    commit: 'ce58c2a0015040aa2271e80bac783d74fa2cdcff',
    kind: 'market data feed handler (websocket and REST feeds of cryptocurrency exchanges normalised to callbacks, backends writing to Redis, Kafka, databases and sockets)',
  },
  {
    repo: 'flyte/mqtt-io',
    commit: '678276f11ce94369a59ba51064ddb0099b6bf90d',
    kind: 'IoT bridge exposing GPIO, sensors and serial streams to MQTT (an asyncio server polling hardware modules, an MQTT client, Home Assistant discovery)',
  },
  {
    repo: 'gera2ld/async_dns',
    commit: 'a932cbddebb90c5e863e19f9df4147a3f2e3a4cb',
    kind: 'DNS library (record encoding, recursive and proxy resolvers over UDP, TCP and DoH, a DNS server, a CLI)',
  },
  {
    repo: 'microsoft/botbuilder-python',
    commit: 'e07ec54ed9a863b69a7cfae5162629383924709d',
    kind: 'chat bot framework (the Bot Framework SDK: activity handlers, turn contexts and adapters, dialogs, a streaming transport, aiohttp integration, LUIS and QnA clients, storage)',
  },
  {
    repo: 'selfuryon/netdev',
    commit: '037abbd0ca65f75eef06703e96a151300e6d4b6d',
    kind: 'SSH library for network devices (AsyncSSH sessions to Cisco, Juniper, Arista, HP, Mikrotik and other vendors, prompts and config modes, a dispatcher)',
  },
  {
    repo: 'Nemo2011/bilibili-api',
    commit: '87110fe2db7af77425057e163f064700087a3c35',
    kind: 'video platform API library for Bilibili (async clients over aiohttp, httpx or curl_cffi, video, live danmaku websocket, upload and download helpers, login, subtitles)',
  },
  {
    repo: 'jupyter-server/jupyverse',
    commit: '7c456533e37277a645c644439e165893b696f91c',
    kind: 'Jupyter server (FPS plugins on FastAPI and anyio: kernels over ZeroMQ, terminals, contents, auth, collaborative Y rooms and stores)',
  },
  {
    repo: 'open-webui/mcpo',
    commit: '788ff92e5288a899a743a252edd5748f4ad4ab1f',
    kind: 'MCP tool server proxy (MCP servers over stdio, SSE or streamable HTTP exposed as OpenAPI routes by FastAPI, config hot reload, a CLI)',
  },
];

/**
 * The thirty-fifth held-out set, pinned at its snapshots' HEAD: judged at first sight in session 46 and tuned on since,
 * so it is held out no longer; kept to see that later changes do not undo that tuning
 * (`realWorld.ts --corpus held-out-35`).
 */
export const HELD_OUT_35_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'HENNGE/arsenic',
    commit: '7d594eaecf373a8868475c149ee942bb1aeb1638',
    kind: 'browser automation library (an asyncio WebDriver client: sessions, elements and input actions over aiohttp, Geckodriver, Chromedriver and other driver services run as subprocesses)',
  },
  {
    repo: 'apify/apify-sdk-python',
    commit: 'fcc767aae441da1e8810012f51a341c3082580b5',
    kind: 'SDK for web scraping and automation Actors on the Apify platform (the Actor lifecycle, platform events over a websocket, datasets, key-value stores and request queues, proxy configuration, a Scrapy integration run on an asyncio thread)',
  },
  {
    repo: 'async-worker/async-worker',
    commit: 'fb9e85c1f4be0644558cdfd93e367735b28585ce',
    kind: 'worker framework (long-running apps handling RabbitMQ messages in bulk, HTTP requests over aiohttp and recurring timers, signals and startup hooks, Prometheus metrics)',
  },
  {
    repo: 'claws/aioprometheus',
    commit: '2fabe659c3c5259b50ac90c3106df7d41b8a3c74',
    kind: 'monitoring client library for Prometheus (counters, gauges, summaries and histograms, a metrics service over aiohttp, ASGI middleware for Starlette and Quart, a push gateway client)',
  },
  {
    repo: 'ekonda/kutana',
    commit: 'ae31e37e8e38e0b22094b21206ba99fdc69a5b92',
    kind: 'bot framework for messengers (plugins and command routing over VKontakte and Telegram backends, long polling and callbacks, storages, a debug backend)',
  },
  {
    repo: 'faust-streaming/mode',
    commit: '7f4549327ef30714fa80f29f2a793b838a70c041',
    kind: 'asyncio service framework (services with dependencies, start and stop, background tasks and timers, supervisors, services in threads, workers with signal handling)',
  },
  {
    repo: 'gawel/panoramisk',
    commit: 'd0df36b0ef1e88abecad22b3f9b68d6384be31b6',
    kind: 'telephony client for Asterisk (an AMI manager over an asyncio protocol with actions, events and reconnection, a call manager, a FastAGI server)',
  },
  {
    repo: 'gurumitts/pylutron-caseta',
    commit: 'c4a0bced09e8d148bd3afdd0cbef35f04ebf812b',
    kind: 'home automation device library for Lutron Caseta bridges (a LEAP client over TLS, device, scene and button state with subscriptions, pairing, a CLI)',
  },
  {
    repo: 'kyuupichan/aiorpcX',
    commit: '7b769d0df1a78b01605120f5abf4606aa5370358',
    kind: 'RPC library (JSON-RPC sessions for clients and servers over raw sockets, Unix sockets and websockets, SOCKS proxies, curio-style task groups and timeouts on asyncio)',
  },
  {
    repo: 'metricq/aiocouch',
    commit: '6f2805a711718928b68317603240558481703d41',
    kind: 'database client for CouchDB (servers, databases, documents, attachments, views and bulk operations over aiohttp, a changes feed)',
  },
  {
    repo: 'py-mine/PyMine',
    commit: 'ec8eef3e94dfb055be6ba44bab1228043eb1f7ac',
    kind: 'game server for Minecraft (the Java edition protocol over asyncio streams, status, login and play packets, world and player files, superflat generation, a query server, commands and a plugin API)',
  },
  {
    repo: 'rio-labs/rio',
    commit: '2ffd7767f34bfea5ba72e5933f4ea9df4594d938',
    kind: 'web app framework (React-style components written in Python, sessions over websockets served by FastAPI and uvicorn, a project runner with file watching and a webview, dev tools)',
  },
  {
    repo: 'sonic182/aiosonic',
    commit: 'e54930c387fc3ccbc10733832f4e690607cc88d8',
    kind: 'HTTP client (HTTP/1.1 and HTTP/2 with a connection pool, proxies, multipart uploads, redirects and timeouts, a WebSocket and a server-sent events client)',
  },
];

/**
 * The thirty-sixth held-out set, pinned at its snapshots' HEAD: judged at first sight in session 47 and tuned on since,
 * so it is held out no longer; kept to see that later changes do not undo that tuning
 * (`realWorld.ts --corpus held-out-36`).
 */
export const HELD_OUT_36_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'aioworkers/aioworkers',
    commit: 'aa8591ea5acbd83d45454f6c1dbf92d432b8dab8',
    kind: 'worker framework (workers, queues and storages wired together by configuration, run on timers, under supervisors of child workers or as subprocesses, an HTTP server and client of its own, an SMTP sender)',
  },
  {
    repo: 'andrewsayre/pyheos',
    commit: '28396a0292d311ac2edc2299fe0bc6036a58d877',
    kind: 'home automation device library for Denon and Marantz HEOS players (the HEOS CLI protocol over a TCP connection with reconnection and heartbeats, players, groups, media browsing, event dispatch)',
  },
  {
    repo: 'CabbageDevelopment/qasync',
    commit: 'd47e582db51ac938417e6e379935b7bd668e5484',
    kind: 'event loop for Qt (an asyncio loop running on the Qt event loop of PyQt and PySide apps, sockets, timers and an executor over QThreads, async slots)',
  },
  {
    repo: 'constverum/ProxyBroker',
    commit: 'd21aae8575fc3a95493233ecfd2c7cf47b36b069',
    kind: 'proxy finder and proxy server (scrapes public proxy lists, checks proxies concurrently through judges and protocol negotiators, serves a rotating proxy server)',
  },
  {
    repo: 'Gobot1234/steam.py',
    commit: '07a3fba21c677cd68ccb122b9287980eac470a29',
    kind: 'bot framework and API client for Steam (a websocket connection to Steam servers carrying protobuf messages, users, trades, chat and game coordinators, a commands extension)',
  },
  {
    repo: 'jonathanslenders/asyncio-redis',
    commit: '50d71a53798967f7fdf1be36b8447e322dedc5ee',
    kind: 'database client for Redis (the Redis protocol over an asyncio protocol, connections and pools with reconnection, pub/sub, transactions, cursors)',
  },
  {
    repo: 'loads/molotov',
    commit: '137864eb4ca7301303af21aadadd3f735dd0d042',
    kind: 'load testing tool (scenarios as coroutines run by workers over aiohttp sessions, in several processes, with a shared console, counters and statistics)',
  },
  {
    repo: 'NanmiCoder/MediaCrawler',
    commit: 'd6f7c5bb906b6dac40ddf343ef9e26438a3de092',
    kind: 'web scraper for social media platforms (Playwright browser automation and httpx API clients for Xiaohongshu, Douyin, Bilibili, Weibo and others, proxy pools, stores in files and databases, a FastAPI web UI)',
  },
  {
    repo: 'osuAkatsuki/bancho.py',
    commit: 'd04a08848858f435b355a119c6582fdf205d9d2f',
    kind: 'game server for osu! (the bancho protocol and score submission served by FastAPI and uvicorn, MySQL and Redis repositories, multiplayer and chat state, commands, an API)',
  },
  {
    repo: 'sammchardy/python-binance',
    commit: 'b697c97a94901d79786dd5d899a40268953aa0f5',
    kind: 'exchange API client for Binance (REST clients, sync and async, reconnecting websocket streams, a websocket API, depth caches, a threaded stream manager)',
  },
  {
    repo: 'ska-sa/aiokatcp',
    commit: 'c9ad8cf0e867e36a49bfec8e187c3248a0839436',
    kind: 'protocol library for katcp, the telescope control protocol (device servers and clients over asyncio streams, requests, informs and sensors with sampling, time synchronisation)',
  },
  {
    repo: 'vocodedev/vocode-core',
    commit: 'e054c33a72787b6a4920f91eb8598ad0bafb4240',
    kind: 'agent framework for voice-based LLM apps (streaming conversations piping transcribers, agents and synthesizers through worker tasks and queues, telephony over Twilio and Vonage, actions)',
  },
  {
    repo: 'vortico/flama',
    commit: '6f587d244020922f8e35136d901d87e005a195b1',
    kind: 'web framework for machine learning APIs (an ASGI framework of its own with routing, resources, schemas, dependency injection and middleware, models served from files, an MCP server, a CLI)',
  },
  {
    repo: 'zabbix/python-zabbix-utils',
    commit: '8d57619c96cafa56990e71c0fd65ba9115507c1d',
    kind: 'monitoring client for Zabbix (the Zabbix API over aiohttp and urllib, sender and getter of the Zabbix agent protocol over asyncio streams, sync and async)',
  },
];

/**
 * The thirty-seventh held-out set, pinned at its snapshots' HEAD: judged at first sight in session 48 and tuned on since,
 * so it is held out no longer; kept to see that later changes do not undo that tuning
 * (`realWorld.ts --corpus held-out-37`).
 */
export const HELD_OUT_37_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'achimnol/aiotools',
    commit: '11c8347542bb4a9a212dbf012e4122b801d3671b',
    kind: 'asyncio utility library (task scopes and supervisors, persistent task groups, timers, async context managers and defer, a multi-process server forking workers with signal handling, async itertools)',
  },
  {
    repo: 'AliceBotProject/alicebot',
    commit: '1ff633db3937092816d7f3b6a96dd717819453d9',
    kind: 'bot framework for chat platforms (adapters over websockets and HTTP for OneBot, CQHTTP, Mirai, DingTalk and Telegram, an APScheduler adapter, plugins with hot reload, event handling with dependency injection)',
  },
  {
    repo: 'cs01/termpair',
    commit: '1410669675b67971db81630a05919b68434242a5',
    kind: 'terminal sharing app (a FastAPI server relaying end-to-end encrypted terminal sessions over websockets, a client sharing a pty, the browser side in TypeScript)',
  },
  {
    repo: 'facebookarchive/doh-proxy',
    commit: '8622150e6a96e91bfb168c847d084bba67355c9b',
    kind: 'DNS over HTTPS proxy (DoH servers over HTTP/2 on aioh2 and over aiohttp forwarding queries to a resolver over UDP, a stub resolver serving DNS to a DoH server, a client)',
  },
  {
    repo: 'Future-House/paper-qa',
    commit: 'd2c3c698fdf06986aa021812ab3186d3696438d8',
    kind: 'LLM agent for question answering on scientific papers (retrieval-augmented generation over PDFs and other documents, concurrent LLM calls, agent tools over a search index, metadata clients for Crossref, Semantic Scholar and others)',
  },
  {
    repo: 'hatchet-dev/hatchet-python',
    commit: '5131c7505dadb0e44b798b27086808f59dda92fd',
    kind: 'SDK and worker for a workflow orchestration service (Hatchet: a worker running steps as asyncio tasks or in a thread pool, an action listener in a subprocess, gRPC dispatcher streams, a generated REST client; archived since it moved into the hatchet monorepo)',
  },
  {
    repo: 'icgood/pymap',
    commit: 'e927da67b45dd82ba1d1541ecab4739b5e5c511b',
    kind: 'IMAP server (the IMAP protocol over asyncio streams, pluggable mailbox backends in memory, in maildir and on Redis, a ManageSieve server, a gRPC admin service)',
  },
  {
    repo: 'litestar-org/advanced-alchemy',
    commit: '2accd6e10661c5e0ed5e13e2149020879b71bbda',
    kind: 'ORM companion library for SQLAlchemy (sync and async repositories and services, integrations with Litestar, FastAPI, Starlette, Flask and Sanic, Alembic commands, file-object storage types, caching)',
  },
  {
    repo: 'Miksus/rocketry',
    commit: '8da223c743003166f5567a017b4ba3dfb34454ef',
    kind: 'task scheduler (statement-based scheduling conditions, tasks run as coroutines, in threads or in processes by an asyncio scheduling loop, task logs in repositories)',
  },
  {
    repo: 'numberoverzero/bottom',
    commit: '395f6b8d4d7652199e97a73ecb29ca32f8f880b5',
    kind: 'IRC client library (the IRC protocol over asyncio streams, event handlers and waiting for messages, RFC 2812 command serialization)',
  },
  {
    repo: 'praw-dev/asyncpraw',
    commit: 'f326791d3f90bff2c940e60459b207d9f34d4ec7',
    kind: 'API client for Reddit (lazy models over an aiohttp session with rate limiting, listings and streams as async generators, media uploads)',
  },
  {
    repo: 'qodo-ai/pr-agent',
    commit: '0e37fc84fcc8207561e64eef8f7f634fb57e8447',
    kind: 'AI code review agent (LLM calls reviewing, describing and improving pull requests, git providers for GitHub, GitLab, Bitbucket and others, webhook servers on FastAPI, a CLI)',
  },
  {
    repo: 'rsocket/rsocket-py',
    commit: 'b3a560921d613c11cbf32dd19cbcb30f4b7d51bd',
    kind: 'protocol library for RSocket, a reactive streaming RPC protocol (request/response, streams and channels with backpressure over TCP, websocket and QUIC transports, ReactiveX integration, routing, a CLI)',
  },
  {
    repo: 'ScrapeGraphAI/Scrapegraph-ai',
    commit: '083c54fcb560298844c20fb4845ee639c4af23eb',
    kind: 'web scraper driven by LLMs (scraping pipelines as graphs of nodes, Playwright and other document loaders fetching pages, LLM extraction, sync and async runs)',
  },
];

/**
 * The thirty-eighth held-out set, pinned at its snapshots' HEAD: judged at first sight in session 49 and tuned on since,
 * so it is held out no longer; kept to see that later changes do not undo that tuning
 * (`realWorld.ts --corpus held-out-38`).
 */
export const HELD_OUT_38_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'ably/ably-python',
    commit: '7579682b87714a666792c6de2282fc5519f22bf4',
    kind: 'SDK for a realtime messaging service (Ably: a REST client and a realtime client over websockets with connection recovery and resume, channels with attach and detach state machines, presence, message history, push admin, vcdiff deltas)',
  },
  {
    repo: 'cocrawler/cocrawler',
    commit: 'eaba13af363e511593fc140d9f70c900c27d9ffe',
    kind: 'web crawler (aiohttp fetchers fed by a priority scheduler with per-host politeness, an async DNS cache, robots.txt, parsing burned in a process pool, WARC output, a status web server, benchmark scripts)',
  },
  {
    repo: 'explodinggradients/ragas',
    commit: '3e28e9dec93897f47a98065be4c62f6d072a45a7',
    kind: 'LLM evaluation library (metrics for retrieval-augmented generation and agents scored by LLM calls an executor runs concurrently, test set generation, experiments and their backends, integrations with LangChain, LlamaIndex and others)',
  },
  {
    repo: 'Eyepea/aiosip',
    commit: 'eaf8504937247dc4cae13348d5beee5d22707ed7',
    kind: 'SIP protocol library (SIP endpoints and proxies over UDP, TCP and websockets: dialogs, transactions with retransmission, REGISTER, SUBSCRIBE/NOTIFY and INVITE, digest authentication, a pytest plugin; deprecated since 2020, much of it still `@asyncio.coroutine`)',
  },
  {
    repo: 'fsspec/s3fs',
    commit: 'b7ec8db5170d8a9afeeadc9efb7b4292a335bf6b',
    kind: 'filesystem interface for Amazon S3 (an fsspec async filesystem over aiobotocore, its sync methods run on the loop thread of fsspec: listings and caching, multipart uploads, versioning, bulk copies and deletes)',
  },
  {
    repo: 'hh-h/aiosnmp',
    commit: 'e498e627f871f7b323c9fd6a53b13ae55831b363',
    kind: 'SNMP client and trap server (SNMP v1/v2c get, walk, bulk walk and set over UDP datagram protocols, a trap receiver, an ASN.1 codec)',
  },
  {
    repo: 'pengutronix/aiohttp-json-rpc',
    commit: 'b9d375c5da01360abcf48aebb1bf2bddaab51a6a',
    kind: 'JSON-RPC 2.0 over websockets for aiohttp (an RPC server with methods, topics and publish/subscribe, a client, authentication through Django or a passwd file, methods run in threads, a pytest plugin)',
  },
  {
    repo: 'pimutils/vdirsyncer',
    commit: '0d69ab9be1f54e30d8e2c5a5d300d8473352c13c',
    kind: 'command-line tool synchronizing calendars and address books (CalDAV/CardDAV, Google and HTTP storages over aiohttp, filesystem storages, a two-way sync algorithm over a status database, pairs synced concurrently)',
  },
  {
    repo: 'Pythagora-io/gpt-pilot',
    commit: '186f98e3a75cc0b5e33c266b0ceccce176dc43ee',
    kind: 'AI coding agent building whole apps (LLM agents writing specs, architecture, code and tests and troubleshooting, streaming LLM clients for OpenAI, Anthropic, Groq and others, a process manager for the commands of the app it builds, project state in SQLAlchemy over aiosqlite, an IPC client to a VS Code extension)',
  },
  {
    repo: 'ReactiveX/RxPY',
    commit: '50e613bc9467af6ae08c528085857bca3a0397f3',
    kind: 'reactive extensions library (observables and over a hundred operators, schedulers for asyncio, threads and the event loops of other libraries and GUI toolkits, subjects, marble testing with virtual time)',
  },
  {
    repo: 'supabase/supabase-py',
    commit: '602765fbdf9e471a3241f44a479c1cfff1a8fe65',
    kind: 'client libraries for a backend-as-a-service (Supabase, a monorepo: sync and async clients for PostgREST, auth, storage and edge functions over httpx, realtime channels over websockets with heartbeats and reconnection)',
  },
  {
    repo: 'Tishka17/aiogram_dialog',
    commit: 'cb4179147e1498f5d3c0989f34557e8d5a9d2943',
    kind: 'framework of interactive dialogs and menus for Telegram bots (on aiogram: dialog stacks kept in FSM storage, windows and widgets rendered into messages, background managers, a test client, HTML previews)',
  },
  {
    repo: 'tortoise/aerich',
    commit: '51117867a690884531539be797508062a919e3c6',
    kind: 'database migration tool for the Tortoise ORM (a CLI generating migrations from model diffs and applying them on MySQL, PostgreSQL and SQLite, inspectdb)',
  },
  {
    repo: 'Tribler/tribler',
    commit: '50469d212cc9603b04ca5a6b4e69154dc365d4c0',
    kind: 'peer-to-peer file sharing app (BitTorrent downloads on libtorrent driven from asyncio, anonymous tunnels and content discovery over IPv8, a torrent checker, a SOCKS5 server, a REST API on aiohttp serving its web GUI)',
  },
];

/**
 * The thirty-ninth held-out set, pinned at its snapshots' HEAD: judged at first sight in session 50 and tuned on since,
 * so it is held out no longer; kept to see that later changes do not undo that tuning
 * (`realWorld.ts --corpus held-out-39`).
 */
export const HELD_OUT_39_PROJECTS: readonly PinnedProject[] = [
  {
    repo: '567-labs/instructor',
    commit: 'cc67955310e64056bcf8a087d570a85972a58c40',
    kind: 'library for structured outputs from LLMs (Pydantic response models filled by LLM calls through patched clients of OpenAI, Anthropic, Gemini, Mistral and many others, sync and async, validation with retries, streaming of partial objects and lists, batch jobs, a CLI)',
  },
  {
    repo: '8go/matrix-commander',
    commit: 'da51ac20094d19ea9e2f7072bbbe8f403a2c97eb',
    kind: 'command-line client for the Matrix chat network (one module of ten thousand lines on matrix-nio: login, device verification by emoji, sending and listening to messages, files and events, room and user management, end-to-end encryption keys, a REST passthrough)',
  },
  {
    repo: 'acsylla/acsylla',
    commit: '2345f7f7d1c4c7cc602c6edec783614379f6efdc',
    kind: 'database driver for Cassandra and ScyllaDB (a Cython binding of the shard-aware ScyllaDB C/C++ driver whose callbacks resolve asyncio futures: clusters, sessions, prepared and batch statements, paging, schema metadata, execution profiles)',
  },
  {
    repo: 'Arksine/moonraker',
    commit: 'd5ee17128bb88434aacdab90c2e9e990e2b64e4a',
    kind: 'API web server for the Klipper 3D printer firmware (Tornado on asyncio: a JSON-RPC connection to Klippy over a Unix socket, websockets and HTTP APIs, a file manager, a print job queue and history, an update manager driving git and system packages, power devices, MQTT, notifications, an SQLite database)',
  },
  {
    repo: 'bluesky/bluesky',
    commit: '3f23fd610bb5cc7fd90fd3ed58e6a04544295c47',
    kind: 'experiment orchestration engine for scientific facilities (a RunEngine driving plans of messages on an asyncio loop in a background thread, pausing and resuming, devices and status objects, document callbacks, live plots and tables, a ZMQ document proxy)',
  },
  {
    repo: 'bmuller/kademlia',
    commit: '34b47f6b95bf599024ee6424f3ccfa1dd556d741',
    kind: 'distributed hash table (a Kademlia implementation over UDP RPC: a routing table of k-buckets, iterative node and value lookups, bootstrapping, republishing and refreshing tables on a timer, pluggable storage)',
  },
  {
    repo: 'caproto/caproto',
    commit: 'b71ebe55977b721b00a7f5b50064839b99a01873',
    kind: 'implementation of the EPICS Channel Access protocol (a sans-I/O core with asyncio, curio, trio and threading clients and servers, IOCs built from PV groups, records and many example IOCs, command-line tools, search and beacon handling)',
  },
  {
    repo: 'connectrpc/connect-python',
    commit: '5706904901285744b0bbb6d8a7a4dba4900748e4',
    kind: 'RPC framework for the Connect protocol (Protobuf RPC: sync and async clients over pyqwest, WSGI and ASGI servers, unary and client, server and bidirectional streaming, compression, interceptors, a protoc plugin generating stubs, an OpenTelemetry package, conformance tests)',
  },
  {
    repo: 'DeebotUniverse/client.py',
    commit: '4dbc589e33216946825e5f87ab87555edac6faa7',
    kind: 'client library for Ecovacs Deebot robot vacuums (a REST API client and an MQTT client over aiomqtt, commands and messages per device model, an event bus with refreshes, map pieces and rooms decoded and rendered to SVG, part of it in Rust)',
  },
  {
    repo: 'gawel/irc3',
    commit: '16875524a09c4487e36207b3ffe315392b8f8d21',
    kind: 'pluggable IRC client library and bot framework (an IRC protocol on asyncio transports, plugins for commands, scheduling, feeds, logging, DCC chat and file transfers, SASL, a test suite helper, and irc3d, a small IRC server)',
  },
  {
    repo: 'HFrost0/bilix',
    commit: '41fa4b3ca59ee724a943585ba09c93ff4ca28e9f',
    kind: 'download tool for bilibili and other video sites (a CLI and library downloading videos, audio, danmaku and covers with httpx: segments of HLS and DASH streams fetched concurrently under concurrency and speed limits, merged with ffmpeg, progress shown with rich, a site per module)',
  },
  {
    repo: 'list-family/ansq',
    commit: '4d741889cf1ace63e0cb3fc8c198c115d86f5e8c',
    kind: 'client for the NSQ message queue (TCP connections to nsqd with identify, auth, heartbeats and self-healing reconnection, readers discovering producers through nsqlookupd, writers, message acknowledgements and requeues)',
  },
  {
    repo: 'paulrobello/parllama',
    commit: '0f794698a2ef2d21ffe7a7b8649ec3f792448feb',
    kind: 'TUI app for chatting with and managing local and remote LLMs (Textual screens, widgets and workers: Ollama model pulls and pushes, chat sessions with many providers through LangChain, prompt library, secrets vault, code execution of chat snippets)',
  },
  {
    repo: 'pedrokiefer/aiostomp',
    commit: '3449dcb53f43e5956ccc7662bb5b7d76bc6ef36b',
    kind: 'STOMP protocol client (STOMP 1.1 over asyncio transports: subscriptions with acknowledgement modes, heartbeats, reconnection with backoff, a frame parser)',
  },
  {
    repo: 'piqueserver/piqueserver',
    commit: '020934da4598e3698f5bf46820fc005bd724b1a8',
    kind: 'game server for Ace of Spades 0.75 (Twisted on the asyncio reactor: ENet networking, game modes and map rotation, commands and server scripts, a JSON status web server on aiohttp, a ban subscription service, an IRC bot, an SSH console)',
  },
  {
    repo: 'pywebio/PyWebIO',
    commit: 'df422530324c64165803a624b93534dcc92112dc',
    kind: 'framework for interactive web apps written as scripts (input and output functions a thread or coroutine session sends to the browser over websockets or HTTP polling, adapters for Tornado, aiohttp, Flask, Django and FastAPI, pins, a remote-access tunnel)',
  },
  {
    repo: 'zigpy/zigpy-znp',
    commit: 'e3c9fcfdd249e089c578f99c4ed22159e9325c42',
    kind: 'Zigbee radio library for Texas Instruments ZNP coprocessors (the zigpy application controller: a serial UART framing ZNP commands, request and callback matching, network formation, NVRAM backup and restore, firmware tools)',
  },
];

/**
 * The fortieth held-out set, pinned at its snapshots' HEAD: judged at first sight in session 52 and tuned on since,
 * so it is held out no longer; kept to see that later changes do not undo that tuning
 * (`realWorld.ts --corpus held-out-40`).
 */
export const HELD_OUT_40_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'alandtse/alexa_media_player',
    commit: '61845ec4a86e816120f40e8fb8111f0780f2fb89',
    kind: 'Home Assistant custom integration for Amazon Alexa devices (through the unofficial Alexa API with alexapy: login and two-factor auth flows, media players, notifications and text-to-speech, alarms, timers and reminders as sensors, smart-home lights, switches and sensors, push updates over an HTTP/2 channel with polling fallback)',
  },
  {
    repo: 'albertodonato/query-exporter',
    commit: '3370344fb33462dd8e3beac6af2d476612022cd3',
    kind: 'Prometheus exporter running SQL queries (a monitoring agent on aiohttp: queries from a YAML config run on intervals or on scrape against SQLAlchemy databases in worker threads, metrics updated and served over HTTP, database connections kept and recycled)',
  },
  {
    repo: 'baking-bad/pysignalr',
    commit: 'c3046cd6a76ba602439a6602b40a737356904e36',
    kind: 'client for the SignalR protocol (hubs over websockets: JSON and MessagePack protocols, handshakes and pings, invocations with results and client-side methods, streaming, reconnection, access-token authentication)',
  },
  {
    repo: 'bramstroker/homeassistant-powercalc',
    commit: 'bff1af388b49908c4b4a6360aba7921ca89bae25',
    kind: 'Home Assistant custom integration estimating power and energy use of devices without a meter (power sensors from a library of device profiles downloaded and cached from a remote, strategies per device type, groups, utility meters and cost sensors; a measure tool driving lights and power meters to build profiles)',
  },
  {
    repo: 'camunda-community-hub/pyzeebe',
    commit: '76202f8c8c593a12807d9c4c046c857d56a9c10b',
    kind: 'client and job worker for the Zeebe workflow engine (gRPC aio channels to a Zeebe gateway: deploying processes, starting instances and publishing messages, workers polling and streaming jobs to task functions sync or async, decorators and exception handlers, OAuth credentials)',
  },
  {
    repo: 'chrisguidry/docket',
    commit: '67f9394f7b56bbf9455ca9857dbf299aa87ad74f',
    kind: 'distributed background task system and scheduler (tasks scheduled now or in the future on Redis, workers with concurrency limits, retries, perpetual and cron tasks, dependency injection, strikes, a CLI, OpenTelemetry and Prometheus instrumentation, chaos tests)',
  },
  {
    repo: 'custom-components/pyscript',
    commit: 'a51b95b407e04ff67d66e4a3f4ca94c2cf698726',
    kind: 'Home Assistant custom integration for Python scripting (an async interpreter of Python ASTs running user functions as tasks bound to state variables and services, state, time, event, MQTT and webhook triggers with decorators, apps and modules reloaded on change, a Jupyter kernel speaking the ZeroMQ wire protocol over asyncio streams)',
  },
  {
    repo: 'Dineshkarthik/telegram_media_downloader',
    commit: '859272a8111b6a9ac3b32376d68f34f6a9775fd6',
    kind: 'command-line app downloading the media of Telegram chats (a Telethon client iterating the messages of chats and channels, files downloaded concurrently by media type and format, progress and resume kept in a YAML config, a small web UI)',
  },
  {
    repo: 'fronzbot/blinkpy',
    commit: 'e33bdef5d9c508198ed3d8a11c5b9a977d79665e',
    kind: 'client library for the Blink camera system (an aiohttp client of the Blink cloud API: login and two-factor auth with token refresh, sync modules, cameras and doorbells, arming, motion detection, thumbnails and clips downloaded from cloud and local storage)',
  },
  {
    repo: 'mathsman5133/coc.py',
    commit: '2909bba946b072d15b76a137c6035a4d43a7c0e6',
    kind: 'API wrapper for the Clash of Clans game (an aiohttp client with key management, throttling and caching: clans, players, wars and league wars, locations and leaderboards, an events client polling for changes, triggers, a Discord links extension)',
  },
  {
    repo: 'mjwestcott/runnel',
    commit: 'd36cb26bd4b4e782cd267adbc81c869c2dcc3e25',
    kind: 'distributed event processing on Redis Streams (processors consuming partitions of streams strictly in order, workers rebalancing partitions through leader election, acknowledgements, middleware, a CLI)',
  },
  {
    repo: 'NiceAesth/aiosu',
    commit: 'f9a977ea9474bb2819c4689781cec87c19afd574',
    kind: 'API wrapper for the osu! rhythm game (aiohttp clients of the v1 and v2 APIs with OAuth tokens, rate limiting and repositories, Pydantic models of users, scores, beatmaps and replays, score and difficulty calculations)',
  },
  {
    repo: 'noirello/bonsai',
    commit: '7f1fb27daefa6ff027844dc0b0bf4294898cc5d7',
    kind: 'LDAP client library (a C extension over libldap and WinLDAP with asyncio, trio, gevent and Tornado connections: searches, paged and virtual list views, adding, modifying and deleting entries, connection pools, Active Directory helpers)',
  },
  {
    repo: 'szastupov/aiotg',
    commit: 'ecd5cb18d00e3f4e17cc525eb95d2267dc584ce4',
    kind: 'framework for Telegram bots (an aiohttp client of the Bot API: long polling or webhooks, commands and handlers by regex, inline queries and callbacks, sending messages, files and keyboards, channels, a code reloader)',
  },
  {
    repo: 'twintproject/twint',
    commit: 'e7c8a0c764f6879188e5c21e25fb6f1f856a7221',
    kind: 'Twitter scraping tool (a CLI and library fetching tweets, profiles, followers and favorites with aiohttp without the API, output to CSV, JSON, SQLite and Elasticsearch, pandas dataframes)',
  },
  {
    repo: 'yozik04/nibe',
    commit: '3f3a9d0a7940fc75ea75a58c0065e6491afdd11a',
    kind: 'library for Nibe heat pumps (reading and writing coils over NibeGW, a UDP protocol with an RS-485 gateway to the heat pump, or Modbus TCP; coil definitions per model, parsers and encoders, a CLI)',
  },
  {
    repo: 'zhudotexe/kani',
    commit: 'fcea44100b8a258e9cccae6890c412e8478bc8c6',
    kind: 'framework for LLM chat and function calling (a Kani class managing chat history and token budgets, AI functions exposed as tools, engines for OpenAI, Anthropic, Google, Hugging Face and llama.cpp, streaming, sub-kanis, prompt pipelines)',
  },
];

/**
 * The forty-first held-out set, pinned at its snapshots' HEAD: judged at first sight in session 52 and tuned on since,
 * so it is held out no longer; kept to see that later changes do not undo that tuning
 * (`realWorld.ts --corpus held-out-41`).
 */
export const HELD_OUT_41_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'abhiTronix/vidgear',
    commit: '549de2b1fb70f25e7a0e29fd55159256c3e0b4a4',
    kind: 'video processing framework (gears capturing from cameras, streams and the Raspberry Pi, writing with FFmpeg, adaptive HLS and DASH streaming, NetGear over ZeroMQ with an asyncio NetGear_Async, WebGear streaming MJPEG from a Starlette app and WebGear_RTC over aiortc)',
  },
  {
    repo: 'aio-libs/sockjs',
    commit: 'e87d20ae9d1c809e66db2ba63f4dd99271795981',
    kind: 'SockJS server for aiohttp (sessions with a session manager and heartbeats, websocket, raw websocket, XHR streaming and polling, EventSource, HTML file and JSONP transports, broadcasting to sessions)',
  },
  {
    repo: 'allenporter/pyrainbird',
    commit: '4f9ba882076733f8e975b6cd4d26de67eb6f1888',
    kind: 'library for Rain Bird irrigation controllers (an aiohttp client of the local encrypted RPC API of the WiFi LNK module: zones, programs, schedules, rain delay and sensor state; a cloud client with a cached token and a stream of controller events, a local test server)',
  },
  {
    repo: 'btschwertfeger/python-kraken-sdk',
    commit: '90cf23d9fc744909f8092ae92c606ab34fad07f6',
    kind: 'SDK for the Kraken crypto exchange (REST clients, sync and async, for spot, futures and earn trading, market data, funding and user endpoints; websocket clients with authentication, subscriptions and reconnection, an order book client, trading-bot templates, a CLI)',
  },
  {
    repo: 'cjrh/aiorun',
    commit: 'fd1702346bc2881c6895a0d2dfc3a37660b09421',
    kind: 'run helper for asyncio programs (a run() that starts a coroutine, handles SIGINT and SIGTERM, cancels pending tasks and waits for executors on shutdown, shutdown_waits_for() to shield work from shutdown, stop on unhandled errors)',
  },
  {
    repo: 'django/channels_redis',
    commit: '6c6ec4a023f04d7400780e440c71efd2c669a757',
    kind: 'Redis channel layer for Django Channels (a core layer with channels as Redis lists and groups as sorted sets, a pub/sub layer over Redis pub/sub, receive buffers per process, sharding over hosts, Sentinel support, message encryption)',
  },
  {
    repo: 'evyatarmeged/Raccoon',
    commit: '44024abaa6ca420b6b2c6f06285df306f360eb22',
    kind: 'reconnaissance tool for penetration testing (a CLI running its scans as tasks on one loop: DNS records, WHOIS and TLS data through asyncio subprocesses, WAF detection, port and service scans through nmap, URL fuzzing and subdomain enumeration with requests in thread pools, web-application fingerprinting, results written per host)',
  },
  {
    repo: 'gjcarneiro/yacron',
    commit: 'bde0f0b73d227636adf40d849fd281451136c476',
    kind: 'cron daemon (jobs from a YAML crontab run as subprocesses on schedules, with concurrency policies, retries with backoff and timeouts; failure reports by mail, Sentry and shell, statsd metrics, an aiohttp REST API to list and start jobs)',
  },
  {
    repo: 'happyleavesaoc/python-snapcast',
    commit: '8a392a2dd0c64f70381090c6f88a55abc66eb62a',
    kind: 'control client for the Snapcast multiroom audio server (JSON-RPC over an asyncio protocol to the server: clients, groups and streams with volume, mute, latency and stream changes, notifications and reconnection; a GStreamer client)',
  },
  {
    repo: 'jfhbrook/pyee',
    commit: '733143cc68d72ca7d9818a2ce5c99b41e5c247c7',
    kind: 'event emitter library in the style of Node.js (an EventEmitter with on, once and emit, and subclasses scheduling coroutine handlers on asyncio, trio or Twisted, or running handlers in an executor, errors routed to an error event, uplifting emitters)',
  },
  {
    repo: 'jupyter/enterprise_gateway',
    commit: '89a822ce815519b486caba420603a70fe4a40c67',
    kind: 'Jupyter kernel gateway for clusters (a Jupyter server application launching remote kernels through process proxies on Kubernetes, Docker, YARN, Spark and IBM Spectrum Conductor, kernel launchers reporting connection info back, kernel session persistence, a kernelspec cache)',
  },
  {
    repo: 'jupyterhub/binderhub',
    commit: 'b9fad995d5529e487c25a9f0795f4fe150a96f25',
    kind: 'service building and launching Binder environments (a Tornado app building Docker images from Git repositories with repo2docker in Kubernetes pods or locally, streaming build logs as server-sent events, a registry client, launching servers on JupyterHub through its API, repo providers for GitHub, GitLab, Zenodo and more)',
  },
  {
    repo: 'jupyterhub/kubespawner',
    commit: '4161d544121f30a09a5bb7b798a5213c22d5bc90',
    kind: 'JupyterHub spawner on Kubernetes (single-user servers started as pods with kubernetes_asyncio: pod, PVC, secret and service manifests, reflectors watching pods and events, profiles and namespaces per user, a proxy implementation on ingresses)',
  },
  {
    repo: 'Kane610/axis',
    commit: '79a90b42c839c4bce81faac297b0ed78cfeb64cb',
    kind: 'library for Axis network cameras and devices (an aiohttp client of the VAPIX APIs: parameters, ports, lights, PTZ, applications like motion and fence guards, MQTT configuration; event streams over RTSP, websocket and MQTT; an interactive CLI)',
  },
  {
    repo: 'kevincar/bless',
    commit: '946316ba4deac4740a31247d78de2b8c4c1fa9c4',
    kind: 'Bluetooth Low Energy GATT server library (a peripheral advertising services, characteristics and descriptors, serving read and write requests and notifications, with backends on BlueZ over D-Bus, CoreBluetooth and WinRT)',
  },
  {
    repo: 'lablup/callosum',
    commit: 'a1270212d94eb49abdf361439ff9765b00cf9afb',
    kind: 'RPC transport library (an order-preserving multi-channel RPC and streaming layer over ZeroMQ or Redis lower transports with JSON, msgpack or Thrift upper layers: timeouts and cancellation, error propagation, CURVE authentication, pub/sub and pipelines)',
  },
  {
    repo: 'pyodide/micropip',
    commit: '75ec72b7d31207c6675254a9d0e50e75a6f847e6',
    kind: 'package installer for Pyodide (resolving requirements against the PyPI JSON and simple APIs and lock files, fetching and installing pure-Python wheels with async fetches in the browser or urllib outside it, freezing and uninstalling packages)',
  },
  {
    repo: 'python/miss-islington',
    commit: '387b8f9ca1919b456269ea7881674ff57d84d957',
    kind: 'GitHub bot backporting CPython pull requests (gidgethub webhook handlers on aiohttp, Celery tasks running cherry_picker and git in subprocesses on event loops of their own, status checks and branch deletion)',
  },
  {
    repo: 'viamrobotics/viam-python-sdk',
    commit: '060e3939be09704fc64018bac475059e83fb7a65',
    kind: 'SDK for the Viam robotics platform (grpclib clients and servers of components like arms, cameras, motors and sensors, modules run as separate processes, sessions with heartbeats, WebRTC and direct dialing, app, data and billing clients, generated protobuf code)',
  },
];

/**
 * The forty-second held-out set, pinned at its snapshots' HEAD: judged at first sight in session 53 and tuned on since,
 * so it is held out no longer; kept to see that later changes do not undo that tuning
 * (`realWorld.ts --corpus held-out-42`).
 */
export const HELD_OUT_42_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'alpacahq/alpaca-trade-api-python',
    commit: '9f75328188d7ff2ae7ede3975c590d00f8c3cb02',
    kind: 'SDK for the Alpaca commission-free trading API (deprecated for alpaca-py, still maintained: a REST client for orders, positions, account and market data, an aiohttp REST client for historical data, a websocket stream of trades, quotes, bars and trade updates with reconnection, trading-algorithm examples)',
  },
  {
    repo: 'Canisback/pantheon',
    commit: '3a9588a635035e2f89489fef35eec690f3069f96',
    kind: 'client of the Riot Games API for League of Legends, Legends of Runeterra and TFT (aiohttp requests to every endpoint, application and method rate limiters per region updated from the rate-limit headers, optional retries after a 429 or a server error)',
  },
  {
    repo: 'dano/aioprocessing',
    commit: '39e84ac016aa21d93835b44ca134b0791c8c13ba',
    kind: 'coroutine versions of the blocking methods of multiprocessing objects (Queue, JoinableQueue, Lock, Event, Condition, Semaphore, Barrier, Pool, Process, Pipe connections and Manager proxies, their blocking calls run on a thread pool)',
  },
  {
    repo: 'dymmond/asyncmq',
    commit: '91028aa7ba8a329b6bb9d4dd6a0c04c540f8db17',
    kind: 'task queue on asyncio and anyio (tasks enqueued on Redis, PostgreSQL, MongoDB, RabbitMQ or in-memory backends, workers with concurrency and rate limits, retries with backoff, delayed and repeatable jobs, stalled-job recovery, flows, a CLI and a Lilya operations dashboard with server-sent events)',
  },
  {
    repo: 'fsspec/gcsfs',
    commit: '20c58d0da0edb57ef99003ff60eb1cc67af98ce5',
    kind: 'fsspec file system for Google Cloud Storage (an async file system on aiohttp with a sync facade: listing, reading with caching and prefetching, resumable uploads, retries; an extended file system for zonal and hierarchical-namespace buckets over the storage gRPC async client, a FUSE CLI)',
  },
  {
    repo: 'googleapis/python-genai',
    commit: '66807187f2123c6676175ac991f4e34eb09200d1',
    kind: 'Google Gen AI SDK for the Gemini Developer API and Vertex AI (sync and async clients over httpx or aiohttp: content generation with streaming and automatic function calling, chats, files, caches, batches, tunings, a websocket Live API, a replay client for tests, a generated client of the Interactions API)',
  },
  {
    repo: 'Gr1N/aiodogstatsd',
    commit: '4c363d795df04d1cc4c137307b7f91592224ed32',
    kind: 'asyncio client sending metrics to StatsD with the DogStatsD extension (a UDP protocol fed by a queue drained by a listening task, gauges, counters, histograms, distributions and timings, aiohttp and Starlette middlewares, a timeit decorator)',
  },
  {
    repo: 'GraiaProject/BroadcastControl',
    commit: 'c28e076d2e100c7a87153bd2fa475bbd9c1586e9',
    kind: 'event system of the Graia framework (events posted to listeners with dispatchers resolving their parameters, decorators and dependencies, priorities and namespaces, interrupts waiting for a later event, listeners run as tasks on the loop)',
  },
  {
    repo: 'gusye1234/nano-graphrag',
    commit: '01f429e8c562e8f19b2449f90cec9a4a67d4f6ee',
    kind: 'small GraphRAG implementation (entity and relation extraction by an LLM over chunked documents, a knowledge graph with community reports, local, global and naive queries; JSON key-value, networkx and Neo4j graph, nano-vectordb and hnswlib storages; LLM calls with caching and a concurrency limit)',
  },
  {
    repo: 'jesse-ai/jesse',
    commit: '682b17148b5e3949e7c850ead207c53968b0ccf2',
    kind: 'framework for crypto trading strategies (strategies with indicators backtested on candles, optimization, Monte Carlo runs, candle import from exchange drivers, a FastAPI dashboard with a websocket fed through Redis pub/sub, live trading through a plugin, processes per job)',
  },
  {
    repo: 'jupyterhub/traefik-proxy',
    commit: 'd343a510ebdfdd3b7938abaedea065f7ffecef6e',
    kind: 'JupyterHub proxy configuring Traefik routes (proxies keeping routes in a TOML or YAML file provider or in Redis, etcd and Consul key-value stores, launching and stopping Traefik as a subprocess, waiting for routes to apply; performance scripts)',
  },
  {
    repo: 'justpy-org/justpy',
    commit: '4b08fc2859fc1b3b198b18fb2a66ce740cc95b34',
    kind: 'object-oriented web framework with no front-end code (sunset by its maintainers: Python components of HTML, Quasar, AG Grid and Highcharts rendered by Vue, pages updated over websockets from a Starlette app, event handlers sync or async, a demo browser and tutorial)',
  },
  {
    repo: 'langroid/langroid',
    commit: '786c4fe39a3fd7b595d3220a08676e9af78f4143',
    kind: 'multi-agent framework for LLM applications (chat agents with tools and structured messages, tasks delegating to sub-tasks, sync and async LLM clients with caching, retrieval over vector stores, document, SQL and table chat agents, MCP tools, many examples)',
  },
  {
    repo: 'Lightning-AI/LitServe',
    commit: '1311d5b4aeaff2943f38a22cfb911c8bae2590bc',
    kind: 'inference server for models, agents and pipelines (a FastAPI app behind uvicorn, worker processes running inference loops with batching and streaming, request and response queues over multiprocessing or ZeroMQ, an OpenAI-compatible spec, callbacks, MCP support, a Docker builder)',
  },
  {
    repo: 'qdrant/qdrant-client',
    commit: '326adefcc2158121dd0d04877e1a483b5aa2627b',
    kind: 'client of the Qdrant vector search engine (sync and async clients over REST with httpx or gRPC, an async client generated from the sync one, a local in-memory or on-disk mode, batch upload in worker processes, fastembed embedding integration, generated HTTP models and protobuf code)',
  },
  {
    repo: 'rajlaud/pysqueezebox',
    commit: '64a8f8c1f3d41d907fe0008d6a2bf3a12225f966',
    kind: 'library controlling a Logitech (Lyrion) Media Server and its players (aiohttp JSON-RPC calls to the server, player state, playlists, volume and sync groups, image URLs, UDP discovery of servers; written for Home Assistant)',
  },
  {
    repo: 'swyddfa/esbonio',
    commit: 'f1ec7fc3791de996b782ee49cf159c3c56edf87e',
    kind: 'language server for Sphinx and reStructuredText projects on pygls (completion, definitions, diagnostics, hover, symbols, document links; a Sphinx agent running builds in a subprocess over JSON-RPC, a preview server with a websocket reload, a spelling extension)',
  },
  {
    repo: 'Vaskivskyi/asusrouter',
    commit: '457e6d35600a1e00216ba955c82c81953720f43c',
    kind: 'API wrapper for ASUSWRT and Merlin routers (an aiohttp connection with authentication and retries, endpoints read into device, client, AiMesh, network, port, VPN, Aura lighting and firmware data, state changes and commands; used by Home Assistant)',
  },
  {
    repo: 'vutran1710/PyrateLimiter',
    commit: 'f444c5ec1eeec80af0b3a16ed28cf2dfba78f261',
    kind: 'rate limiter on the leaky-bucket algorithm (rates over in-memory, multiprocessing, SQLite, Redis and PostgreSQL buckets, sync and async limiters that block, raise or wait with a timeout, decorators, aiohttp, httpx and requests adapters)',
  },
  {
    repo: 'xchwarze/samsung-tv-ws-api',
    commit: 'b4075aa04b4ef4e714f575b15d02926a3b8bd644',
    kind: 'library controlling Samsung Tizen smart TVs (sync and async websocket remotes with key commands, app launching and events, a REST client, an encrypted API for older TVs, Frame TV art mode, Wake-on-LAN, a CLI)',
  },
];

/**
 * The forty-third held-out set, pinned at its snapshots' HEAD and judged as code the rules were never tuned on
 * (`realWorld.ts --corpus held-out-43`, or `--held-out`): its first judging is an honest precision figure; once a change
 * is tuned to it, it is held out no longer.
 */
export const HELD_OUT_43_PROJECTS: readonly PinnedProject[] = [
  {
    repo: 'aio-libs/aiohttp-demos',
    commit: '5362c18e9612c22f7af29c3d1246e20e89d25145',
    kind: 'demo applications of aiohttp (a blog with sessions and Redis, a websocket chat, a GraphQL demo, an image tagger running a Keras model in worker processes, a comment moderator and its Slack bot, a Twitter clone on MongoDB with Motor, a polls app on PostgreSQL, a URL shortener on Redis; tests for each)',
  },
  {
    repo: 'allenporter/python-google-nest-sdm',
    commit: 'f03997898bcbe39af95d5c226c98a201b4640b78',
    kind: 'library for the Google Nest Smart Device Management API (an aiohttp client with OAuth, thermostats, cameras and doorbells with their traits, a Pub/Sub subscriber streaming device events, an event media cache on disk, a camera clip transcoder through ffmpeg, a CLI; written for Home Assistant)',
  },
  {
    repo: 'bachya/aioambient',
    commit: '423e7f6ef713098d1bc4718a0c939efd4de80e69',
    kind: 'asyncio library for Ambient Weather personal weather stations (an aiohttp REST client for devices and their data, a socket.io websocket client pushing station updates, an open-data client)',
  },
  {
    repo: 'Cadair/parfive',
    commit: 'ce122afcf7aa3eebd02351fc1a2b32e4eefacc07',
    kind: 'parallel file downloader on asyncio (a queue of HTTP and FTP downloads over aiohttp and aioftp, each file in parallel chunks written by a writer task, progress bars, retries of failed downloads, a sync facade running its own loop, a CLI)',
  },
  {
    repo: 'circlemind-ai/fast-graphrag',
    commit: '23b3a1bef64338faf9f35c521a20465dbd09419f',
    kind: 'GraphRAG framework (entity and relation extraction by an LLM into a knowledge graph, personalized PageRank over it for queries, igraph, hnswlib vector and pickled key-value storages kept in a working directory with checkpoints, OpenAI and Gemini LLM and embedding services, a benchmark suite)',
  },
  {
    repo: 'CraftSpider/dpytest',
    commit: 'e443a7c3447c35527a975dfcc3cde76068e15227',
    kind: 'library for testing discord.py bots (a fake backend and websocket standing in for Discord: guilds, channels, members and messages made locally, events dispatched to the bot, a queue of sent messages verified with a fluent API, pytest fixtures)',
  },
  {
    repo: 'Ehco1996/aioshadowsocks',
    commit: '0b099c31e952bcb85e629d81ee2ca81c004bdcbf',
    kind: 'Shadowsocks proxy server rewritten on asyncio (TCP and UDP relays with AEAD and stream ciphers, many users on their own ports with traffic limits, a gRPC control API, user sync with a panel, Prometheus metrics)',
  },
  {
    repo: 'fgmacedo/python-statemachine',
    commit: '471fe175fd0b8387c7f8c2a65ecf486c730ab8a4',
    kind: 'finite state machine library (states, transitions, guards and actions declared on a class, a sync and an async engine running callbacks with dependency injection, compound and parallel states, SCXML tests, diagrams through Graphviz, Django integration)',
  },
  {
    repo: 'influxdata/influxdb-client-python',
    commit: 'f0098121acf16aa529a1b95dcd77e5d8f4276c7e',
    kind: 'client of the InfluxDB 2 time-series database (a generated REST API for buckets, organizations, tasks and users, write API with batching on RxPY, Flux queries read into tables, CSV or pandas, sync and asyncio clients over urllib3 and aiohttp, many examples)',
  },
  {
    repo: 'jupyter-lsp/jupyterlab-lsp',
    commit: '6d2a0d9703ff872470b9755f3e1d095a5d978925',
    kind: 'Language Server Protocol integration for JupyterLab (the jupyter-lsp server extension spawning language servers as subprocesses and relaying their messages over websockets, shadow files of virtual documents, spec finders for many servers; a TypeScript front end)',
  },
  {
    repo: 'klen/asgi-tools',
    commit: 'e49d272eae756f18fccdafd1e56a5fa17e2d2d94',
    kind: 'toolkit for ASGI applications (request and response objects with streaming, websockets and server-sent events, a router, middlewares for lifespan, static files and errors, an app class, a test client running an app in-process, on asyncio, trio and curio)',
  },
  {
    repo: 'LlmKira/Openaibot',
    commit: 'f86521c8254a7d3143be70fdefb8e48b7a15407d',
    kind: 'LLM chat bot for Telegram, Discord, Kook and Slack (receivers and senders linked through RabbitMQ with aio-pika, tool calls with plugins and authentication before they run, Redis and MongoDB storage, message snapshots, OpenAI-format models)',
  },
  {
    repo: 'lm-sys/FastChat',
    commit: '0e6d3e4beaab66f4d3f93db72541a4abab8af28d',
    kind: 'platform for serving and evaluating chat LLMs (a controller dispatching to model workers for transformers, vLLM, SGLang and others, an OpenAI-compatible FastAPI server, Gradio web UIs for the Chatbot Arena, MT-bench judging with LLMs, training scripts)',
  },
  {
    repo: 'matrix-org/pantalaimon',
    commit: 'e4a14b0a9b876abb1913b953457de15a9fc06d32',
    kind: 'end-to-end encryption aware Matrix reverse proxy daemon (an aiohttp server between Matrix clients and a homeserver, encrypting and decrypting messages with matrix-nio clients per user, a search index, a D-Bus UI and a panctl CLI)',
  },
  {
    repo: 'milvus-io/pymilvus',
    commit: 'cf0bc76ccfeedfcd9a71cc831537507d8a444686',
    kind: 'Python SDK of the Milvus vector database (sync and asyncio gRPC clients and MilvusClient facades, an ORM of collections, partitions and indexes, bulk writers to local files or object storage, embedding and rerank models, many examples)',
  },
  {
    repo: 'ol-iver/denonavr',
    commit: 'dfd1c47db40ec58fff363b8d53d47bdb45b50cb2',
    kind: 'library controlling Denon and Marantz AV receivers (HTTP XML and AppCommand calls over httpx, a telnet connection pushing state, zones, inputs, sound modes, volume, tone control and Audyssey settings; used by Home Assistant)',
  },
  {
    repo: 'OnFreund/pyrisco',
    commit: '71a37018d0ff56e6b8d74b041846e7c3c03a34d9',
    kind: "library for Risco alarm systems (a cloud client over aiohttp with push updates from a server-sent-events stream or polling, a local client over the panel's TCP protocol with encryption, a command queue and event callbacks)",
  },
  {
    repo: 'Pyrlang/Pyrlang',
    commit: 'd8b12828f8c9d117af45819f97702b82a43fdb0d',
    kind: 'Erlang node in Python (the Erlang distribution protocol over asyncio connections with EPMD registration, Python processes with Erlang pids, mailboxes and names, messages sent locally and remotely, links, monitors and gen_server calls)',
  },
  {
    repo: 'SharpBit/brawlstats',
    commit: '405c171e30604e3dc1e8a5540a9c0fe408cd068f',
    kind: 'API wrapper for Brawl Stars (sync clients on requests and async clients on aiohttp for players, clubs, rankings, brawlers and events, with a response cache and rate limiting)',
  },
  {
    repo: 'sooperset/mcp-atlassian',
    commit: '436b37e4854aacad0aee3ce47baafb6fdb4162a7',
    kind: 'MCP server for Jira and Confluence (FastMCP tools searching, reading and changing issues, sprints, boards and pages over the Atlassian REST APIs with basic, token or OAuth authentication, stdio, SSE and streamable HTTP transports, a preprocessing of Jira and Confluence markup)',
  },
];

/** The corpora `realWorld.ts --corpus` lints, by name. */
export const CORPORA = {
  pinned: PINNED_PROJECTS,
  'held-out-1': HELD_OUT_1_PROJECTS,
  'held-out-2': HELD_OUT_2_PROJECTS,
  'held-out-3': HELD_OUT_3_PROJECTS,
  'held-out-4': HELD_OUT_4_PROJECTS,
  'held-out-5': HELD_OUT_5_PROJECTS,
  'held-out-6': HELD_OUT_6_PROJECTS,
  'held-out-7': HELD_OUT_7_PROJECTS,
  'held-out-8': HELD_OUT_8_PROJECTS,
  'held-out-9': HELD_OUT_9_PROJECTS,
  'held-out-10': HELD_OUT_10_PROJECTS,
  'held-out-11': HELD_OUT_11_PROJECTS,
  'held-out-12': HELD_OUT_12_PROJECTS,
  'held-out-13': HELD_OUT_13_PROJECTS,
  'held-out-14': HELD_OUT_14_PROJECTS,
  'held-out-15': HELD_OUT_15_PROJECTS,
  'held-out-16': HELD_OUT_16_PROJECTS,
  'held-out-17': HELD_OUT_17_PROJECTS,
  'held-out-18': HELD_OUT_18_PROJECTS,
  'held-out-19': HELD_OUT_19_PROJECTS,
  'held-out-20': HELD_OUT_20_PROJECTS,
  'held-out-21': HELD_OUT_21_PROJECTS,
  'held-out-22': HELD_OUT_22_PROJECTS,
  'held-out-23': HELD_OUT_23_PROJECTS,
  'held-out-24': HELD_OUT_24_PROJECTS,
  'held-out-25': HELD_OUT_25_PROJECTS,
  'held-out-26': HELD_OUT_26_PROJECTS,
  'held-out-27': HELD_OUT_27_PROJECTS,
  'held-out-28': HELD_OUT_28_PROJECTS,
  'held-out-29': HELD_OUT_29_PROJECTS,
  'held-out-30': HELD_OUT_30_PROJECTS,
  'held-out-31': HELD_OUT_31_PROJECTS,
  'held-out-32': HELD_OUT_32_PROJECTS,
  'held-out-33': HELD_OUT_33_PROJECTS,
  'held-out-34': HELD_OUT_34_PROJECTS,
  'held-out-35': HELD_OUT_35_PROJECTS,
  'held-out-36': HELD_OUT_36_PROJECTS,
  'held-out-37': HELD_OUT_37_PROJECTS,
  'held-out-38': HELD_OUT_38_PROJECTS,
  'held-out-39': HELD_OUT_39_PROJECTS,
  'held-out-40': HELD_OUT_40_PROJECTS,
  'held-out-41': HELD_OUT_41_PROJECTS,
  'held-out-42': HELD_OUT_42_PROJECTS,
  'held-out-43': HELD_OUT_43_PROJECTS,
} as const satisfies Record<string, readonly PinnedProject[]>;

export type CorpusName = keyof typeof CORPORA;

/** `owner/name` as a folder name: `owner+name`. */
export function folderName(project: PinnedProject): string {
  return project.repo.replace('/', '+');
}

/** The bare git directory of a project below the mirrors folder (`<mirrors>/owner+name/repo` or `…/owner+name.git`). */
export function gitDirectory(mirrors: string, project: PinnedProject): string {
  const candidates = [
    path.join(mirrors, folderName(project), 'repo'),
    path.join(mirrors, `${folderName(project)}.git`),
    path.join(mirrors, folderName(project)),
  ];
  for (const candidate of candidates) {
    if (existsSync(path.join(candidate, 'HEAD')) && existsSync(path.join(candidate, 'objects'))) return candidate;
    if (existsSync(path.join(candidate, '.git', 'HEAD'))) return path.join(candidate, '.git');
  }
  throw new Error(`no git directory for ${project.repo} below ${mirrors} (tried ${candidates.join(', ')})`);
}

/** The project's tree at its pinned commit, extracted (once) below `cache`; returns the folder. */
export function extractPinned(mirrors: string, cache: string, project: PinnedProject): string {
  const target = path.join(cache, `${folderName(project)}@${project.commit.slice(0, 12)}`);
  if (existsSync(target)) return target;
  const gitDir = gitDirectory(mirrors, project);
  const partial = `${target}.part`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  // Python sources and the files that say the project's Python version; a snapshot may lack big blobs,
  // so the archive asks for nothing else.
  const wanted = trackedFiles(gitDir, project).filter((file) => file.endsWith('.py') || CONFIG_FILES.has(path.posix.basename(file)));
  const tar = execFileSync(
    'git',
    ['--git-dir', gitDir, '--literal-pathspecs', 'archive', '--format=tar', project.commit, '--', ...wanted],
    {
      maxBuffer: 1 << 30,
    },
  );
  execFileSync('tar', ['-x', '-C', partial], { input: tar });
  renameSync(partial, target);
  return target;
}

const CONFIG_FILES = new Set(['pyproject.toml', 'setup.cfg', 'setup.py', '.gitignore']);

/** The Python files of the pinned commit, as paths relative to the project's root, sorted. */
/**
 * The project's Python files `loopscope lint .` would lint in a checkout: tracked `.py` files outside the folders it
 * never enters (a vendored `site-packages`, a Jupyter `.ipynb_checkpoints` copy).
 */
export function pythonFiles(mirrors: string, project: PinnedProject): string[] {
  return trackedFiles(gitDirectory(mirrors, project), project).filter(
    (file) => file.endsWith('.py') && !file.split('/').slice(0, -1).some(isExcludedFolderName),
  );
}

function trackedFiles(gitDir: string, project: PinnedProject): string[] {
  const listing = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '--name-only', '-z', project.commit], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  return listing
    .split('\0')
    .filter((file) => file !== '')
    .sort();
}
