import net from "node:net";

export type TcpProxy = {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  via: (url: string) => string;
  /**
   * The path to the target goes dark, as in a network partition: nothing is forwarded either way,
   * nothing is refused or reset; open connections stay open and new ones are accepted and wait.
   */
  partition: () => void;
  /** The path is back: what waited is delivered (as TCP's retransmissions would), the waiting connections are made. */
  heal: () => void;
  stop: () => Promise<void>;
};

/** A TCP proxy on 127.0.0.1 (a free port) to `target`, for faults between the app and PostgreSQL. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let dark = false;
  let waiting: net.Socket[] = [];

  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    if (dark) socket.pause();
  };
  const forward = (client: net.Socket) => {
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    // Not pipe(): a drain must not resume a side the partition paused.
    client.on("data", (chunk) => upstream.write(chunk));
    upstream.on("data", (chunk) => client.write(chunk));
    upstream.on("end", () => client.end());
    client.on("end", () => upstream.end());
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.on("close", () => upstream.destroy());
    client.resume();
  };

  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => {});
    if (dark) waiting.push(client);
    else forward(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    via: (url) => {
      const u = new URL(url);
      u.host = `127.0.0.1:${port}`;
      return u.toString();
    },
    partition: () => {
      dark = true;
      for (const s of sockets) s.pause();
    },
    heal: () => {
      dark = false;
      const held = waiting;
      waiting = [];
      for (const s of sockets) if (!held.includes(s)) s.resume();
      for (const client of held) if (!client.destroyed) forward(client);
    },
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
