/**
 * The Harper settings the harness imposes on every start (passed as HARPER_SET_CONFIG, which
 * takes precedence over harperdb-config.yaml and is applied again on each start).
 */

export interface ListenPorts {
  http: number;
  operations: number;
  mqtt: number;
  mqttSecure: number;
  replicationSecure: number;
}

export interface SafetySettings {
  /** Address every listening port binds to (127.0.0.1 unless the caller opts out). */
  bindHost: string;
  /** Origins allowed by CORS on the HTTP and operations APIs (the dashboard's own). */
  corsOrigins: string[];
  /**
   * The node replicates with peers (test clusters): replication runs over WebSocket on the
   * HTTP port, where Harper's authentication applies, so a peer's `add_node` login is
   * checked. On its own WSS port no authentication ran ("No authorization provided"): in
   * 4.7.29 a listener registered with both `port` and `securePort` is attached to `port`
   * only, and the one setting that covers every port (`all`) opens a wildcard listener.
   */
  replication?: boolean;
}

/**
 * `host:port` as Harper's listeners accept it: Harper splits at the last colon, so an IPv6
 * address goes in unbracketed (`::1:9926`).
 */
export function listenAddress(host: string, port: number): string {
  return `${host}:${port}`;
}

/**
 * Every port bound to `bindHost`, the inspector off, CORS limited to `corsOrigins`.
 * Harper's authentication component opens its own listener; giving it the HTTP address
 * keeps it off the wildcard address (measured on 4.7.29).
 */
export function harperSetConfig(ports: ListenPorts, settings: SafetySettings): Record<string, unknown> {
  const at = (port: number) => listenAddress(settings.bindHost, port);
  return {
    // Prod defaults add TLS listeners on 9926/9925 on every interface: the harness serves
    // plain HTTP on loopback only, so those are switched off.
    http: { port: at(ports.http), securePort: null, cors: true, corsAccessList: settings.corsOrigins },
    operationsApi: {
      network: { port: at(ports.operations), securePort: null, cors: true, corsAccessList: settings.corsOrigins },
    },
    mqtt: { network: { port: at(ports.mqtt), securePort: at(ports.mqttSecure) } },
    replication: settings.replication
      ? { port: at(ports.http), securePort: null }
      : { securePort: at(ports.replicationSecure) },
    authentication: { port: at(ports.http) },
    threads: { debug: false },
  };
}
