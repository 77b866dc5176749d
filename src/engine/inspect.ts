import * as z from 'zod';

/** A published port: container port/protocol → host address. */
export interface PortBinding {
  containerPort: number;
  protocol: string;
  hostIp: string;
  hostPort: number;
}

/** What the orchestrator needs from `docker inspect` of a container. */
export interface ContainerState {
  id: string;
  name: string;
  image: string;
  /** Host pid of the container's init process; 0 once it has exited. */
  pid: number;
  status: string;
  running: boolean;
  exitCode: number;
  oomKilled: boolean;
  /** `none` when the container has no healthcheck. */
  health: 'none' | 'starting' | 'healthy' | 'unhealthy';
  /** The container's address on its (first) network, if it has one. */
  ip: string | undefined;
  published: PortBinding[];
  /** Ports the image or `--expose` declares, e.g. `{port: 80, protocol: 'tcp'}`. */
  exposed: { port: number; protocol: string }[];
  runtime: string;
  startedAt: string;
  finishedAt: string;
  /** The container's labels (compose's `com.docker.compose.service`, ...); absent in older fakes. */
  labels?: Record<string, string>;
  /** `Config.User` ('' = the image's default, root unless the image says otherwise). */
  user?: string;
  /** Where volumes, bind mounts and tmpfs are mounted in the container. */
  mounts?: string[];
  /** `HostConfig.SecurityOpt` as the engine keeps it (`seccomp=unconfined`, `no-new-privileges`, ...). */
  securityOpt?: string[];
  /** `Config.Hostname`. */
  hostname?: string;
  /** `HostConfig.CapAdd` / `CapDrop`, as given to docker run (`NET_ADMIN`, `ALL`, ...). */
  capAdd?: string[];
  capDrop?: string[];
  /** overlay2's writable layer and the image layers below it, when the engine uses overlay2. */
  layers?: { upper: string; lower: string[] };
}

const inspectSchema = z.object({
  Id: z.string(),
  Name: z.string(),
  State: z.object({
    Status: z.string(),
    Running: z.boolean(),
    OOMKilled: z.boolean(),
    Pid: z.number(),
    ExitCode: z.number(),
    StartedAt: z.string(),
    FinishedAt: z.string(),
    Health: z.object({ Status: z.string() }).nullish(),
  }),
  Config: z.object({
    Image: z.string(),
    User: z.string().nullish(),
    Hostname: z.string().nullish(),
    Labels: z.record(z.string(), z.string()).nullish(),
    ExposedPorts: z.record(z.string(), z.unknown()).nullish(),
  }),
  HostConfig: z.object({
    Runtime: z.string().nullish(),
    SecurityOpt: z.array(z.string()).nullish(),
    CapAdd: z.array(z.string()).nullish(),
    CapDrop: z.array(z.string()).nullish(),
  }),
  Mounts: z.array(z.object({ Destination: z.string() })).nullish(),
  GraphDriver: z.object({ Name: z.string(), Data: z.record(z.string(), z.string()).nullish() }).nullish(),
  NetworkSettings: z.object({
    IPAddress: z.string().nullish(),
    Ports: z.record(z.string(), z.array(z.object({ HostIp: z.string(), HostPort: z.string() })).nullable()).nullish(),
    Networks: z.record(z.string(), z.object({ IPAddress: z.string().nullish() })).nullish(),
  }),
});

const HEALTH = new Set(['starting', 'healthy', 'unhealthy']);

/** Parse one element of `docker inspect`'s JSON array. Throws a zod error on an unexpected shape. */
export function parseInspect(raw: unknown): ContainerState {
  const c = inspectSchema.parse(raw);
  const health = c.State.Health?.Status;
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    image: c.Config.Image,
    pid: c.State.Pid,
    status: c.State.Status,
    running: c.State.Running,
    exitCode: c.State.ExitCode,
    oomKilled: c.State.OOMKilled,
    health: health && HEALTH.has(health) ? (health as ContainerState['health']) : 'none',
    ip: containerIp(c.NetworkSettings),
    published: publishedPorts(c.NetworkSettings.Ports ?? {}),
    exposed: Object.keys(c.Config.ExposedPorts ?? {})
      .map(splitPortKey)
      .sort(comparePorts),
    runtime: c.HostConfig.Runtime ?? '',
    startedAt: c.State.StartedAt,
    finishedAt: c.State.FinishedAt,
    labels: c.Config.Labels ?? {},
    user: c.Config.User ?? '',
    layers: layersOf(c.GraphDriver),
    mounts: (c.Mounts ?? []).map((m) => m.Destination).sort(),
    securityOpt: c.HostConfig.SecurityOpt ?? [],
    hostname: c.Config.Hostname ?? '',
    capAdd: c.HostConfig.CapAdd ?? [],
    capDrop: c.HostConfig.CapDrop ?? [],
  };
}

function layersOf(driver: z.infer<typeof inspectSchema>['GraphDriver']): ContainerState['layers'] {
  const upper = driver?.Data?.UpperDir;
  if (driver?.Name !== 'overlay2' || !upper) return undefined;
  return { upper, lower: (driver.Data?.LowerDir ?? '').split(':').filter(Boolean) };
}

function containerIp(settings: z.infer<typeof inspectSchema>['NetworkSettings']): string | undefined {
  if (settings.IPAddress) return settings.IPAddress;
  for (const name of Object.keys(settings.Networks ?? {}).sort()) {
    const ip = settings.Networks?.[name]?.IPAddress;
    if (ip) return ip;
  }
  return undefined;
}

function splitPortKey(key: string): { port: number; protocol: string } {
  const [port = '0', protocol = 'tcp'] = key.split('/');
  return { port: Number(port), protocol };
}

function comparePorts(a: { port: number; protocol: string }, b: { port: number; protocol: string }): number {
  return a.port - b.port || a.protocol.localeCompare(b.protocol);
}

function publishedPorts(ports: Record<string, { HostIp: string; HostPort: string }[] | null>): PortBinding[] {
  const out: PortBinding[] = [];
  for (const [key, bindings] of Object.entries(ports)) {
    const { port, protocol } = splitPortKey(key);
    for (const b of bindings ?? []) {
      out.push({ containerPort: port, protocol, hostIp: b.HostIp, hostPort: Number(b.HostPort) });
    }
  }
  return out.sort(
    (a, b) => a.containerPort - b.containerPort || a.protocol.localeCompare(b.protocol) || a.hostPort - b.hostPort,
  );
}
