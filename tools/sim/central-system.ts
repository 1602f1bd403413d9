// A local OCPP 1.6J Central System on loopback, built on ocpp-rpc in strict mode (every message is
// checked against the official OCPP 1.6 JSON schemas). It knows some idTags, answers the charger's
// calls, records what the charger sent, and can call the charger (SendLocalList, RemoteStart, ...).
import { RPCServer, createRPCError } from "ocpp-rpc";
import { AddressInfo } from "net";

export type IdTagStatus = "Accepted" | "Blocked" | "Expired" | "Invalid" | "ConcurrentTx";

export interface ReceivedCall {
  seq: number;
  identity: string;
  action: string;
  params: any;
}

export interface CentralSystemOptions {
  /** idTag -> status the Central System answers (others: Invalid). Case-insensitive. */
  idTags?: { [idTag: string]: IdTagStatus };
  /** A list pushed to the charger (Full) after each accepted BootNotification. */
  pushList?: { listVersion: number; entries: { idTag: string; idTagInfo?: { status: IdTagStatus; expiryDate?: string; parentIdTag?: string } }[] };
  heartbeatIntervalS?: number;
  /** If set, the HTTP Basic password the charger must present (security profile 1). */
  authorizationKey?: string;
  /** Time the Central System reports (currentTime); defaults to the real clock. */
  now?: () => Date;
  /** Called for each call the charger makes (after it is recorded). */
  onCall?: (call: ReceivedCall) => void;
  log?: (line: string) => void;
}

type ServerClient = any;

/** A key of 32-40 hex digits travels as the bytes it encodes (OCPP 1.6 security whitepaper); others as text. */
function passwordMatches(password: Buffer | undefined, key: string): boolean {
  if (!password) return false;
  if (/^([0-9a-fA-F]{2}){16,20}$/.test(key)) return password.equals(Buffer.from(key, "hex"));
  return password.toString("utf8") === key;
}

export class LocalCentralSystem {
  readonly received: ReceivedCall[] = [];
  /** Messages from chargers that failed strict validation or could not be read (should stay empty). */
  readonly problems: string[] = [];
  /** False: new connections are refused (503) until set true again. */
  reachable = true;
  private server: any;
  private clients: ServerClient[] = [];
  private seq = 0;
  private nextTransactionId = 1;
  private idTags: { [upper: string]: IdTagStatus } = {};
  /** What it has on file from the lists it gave chargers (explicit idTags take precedence). */
  private listed: { [upper: string]: IdTagStatus } = {};
  private parents: { [upper: string]: string } = {};
  url = "";

  constructor(private readonly options: CentralSystemOptions = {}) {
    this.setIdTags(options.idTags || {});
    if (options.pushList) this.learnList("Full", options.pushList.entries);
  }

  /**
   * A Central System answers consistently with the lists it gives its chargers: it knows the status
   * and group of every card on them. Called for the list it pushes, every SendLocalList it sends,
   * and a list a charger already holds from it (a scenario's `localList`).
   */
  learnList(updateType: "Full" | "Differential", entries: { idTag: string; idTagInfo?: { status: IdTagStatus; parentIdTag?: string } }[]): void {
    if (updateType === "Full") {
      this.listed = {};
      this.parents = {};
    }
    for (const e of entries) {
      const k = e.idTag.toUpperCase();
      delete this.listed[k];
      delete this.parents[k];
      if (!e.idTagInfo) continue;
      this.listed[k] = e.idTagInfo.status;
      if (e.idTagInfo.parentIdTag) this.parents[k] = e.idTagInfo.parentIdTag;
    }
  }

  setIdTags(map: { [idTag: string]: IdTagStatus }): void {
    this.idTags = {};
    for (const k of Object.keys(map)) this.idTags[k.toUpperCase()] = map[k] as IdTagStatus;
  }

  statusOf(idTag: string): IdTagStatus {
    const k = idTag.toUpperCase();
    return this.idTags[k] || this.listed[k] || "Invalid";
  }

  async listen(port = 0, host = "127.0.0.1"): Promise<string> {
    this.server = new RPCServer({ protocols: ["ocpp1.6"], strictMode: true });
    this.server.auth((accept: (s?: any) => void, reject: (code: number, msg: string) => void, handshake: any) => {
      if (!this.reachable) {
        reject(503, "Service Unavailable");
        return;
      }
      const key = this.options.authorizationKey;
      if (key !== undefined && !passwordMatches(handshake.password, key)) {
        this.log(`rejected ${handshake.identity}: bad or missing password`);
        reject(401, "Unauthorized");
        return;
      }
      accept({});
    });
    this.server.on("client", (client: ServerClient) => this.attach(client));
    const http = await this.server.listen(port, host);
    const addr = http.address() as AddressInfo;
    this.url = `ws://${host}:${addr.port}`;
    return this.url;
  }

  async close(): Promise<void> {
    if (this.server) await this.server.close({ force: true });
    this.clients = [];
  }

  /** Connected chargers. */
  connected(): string[] {
    return this.clients.map((c) => c.identity as string);
  }

  /** Drops every charger's connection (the chargers see a lost link). */
  async dropClients(): Promise<void> {
    const all = this.clients.slice();
    this.clients = [];
    await Promise.all(all.map((c) => c.close({ code: 1001, force: true }).catch(() => undefined)));
  }

  /** Calls the charger (the only one, or the one named). Resolves with its answer. */
  async call(action: string, params: any, identity?: string): Promise<any> {
    const client = identity ? this.clients.find((c) => c.identity === identity) : this.clients[0];
    if (!client) throw new Error(`central system: no charger connected${identity ? " as " + identity : ""}`);
    this.log(`-> ${action} ${JSON.stringify(params)}`);
    const answer = await client.call(action, params);
    this.log(`<- ${action} ${JSON.stringify(answer)}`);
    return answer;
  }

  async sendLocalList(listVersion: number, updateType: "Full" | "Differential", entries: any[], identity?: string): Promise<any> {
    const answer = await this.call("SendLocalList", { listVersion, updateType, localAuthorizationList: entries }, identity);
    if (answer && answer.status === "Accepted") this.learnList(updateType, entries);
    return answer;
  }

  remoteStart(idTag: string, identity?: string): Promise<any> {
    return this.call("RemoteStartTransaction", { connectorId: 1, idTag }, identity);
  }

  /** RemoteStop of the given transaction, or of the last one the charger started. */
  remoteStop(transactionId?: number, identity?: string): Promise<any> {
    const id = transactionId !== undefined ? transactionId : this.lastTransactionId();
    if (id === undefined) throw new Error("central system: no transaction to stop");
    return this.call("RemoteStopTransaction", { transactionId: id }, identity);
  }

  /** The transaction id of the most recent StartTransaction answered. */
  lastTransactionId(): number | undefined {
    return this.nextTransactionId > 1 ? this.nextTransactionId - 1 : undefined;
  }

  /** Calls received since sequence number `afterSeq` (exclusive). */
  since(afterSeq: number): ReceivedCall[] {
    return this.received.filter((r) => r.seq > afterSeq);
  }

  lastSeq(): number {
    return this.seq;
  }

  private attach(client: ServerClient): void {
    this.clients.push(client);
    this.log(`charger ${client.identity} connected`);
    client.on("strictValidationFailure", (e: any) => this.problems.push(`${client.identity} strict: ${e.error && e.error.message} ${JSON.stringify(e.params ?? e.result)}`));
    client.on("badMessage", (e: any) => this.problems.push(`${client.identity} bad message: ${e.error && e.error.message} ${String(e.buffer).slice(0, 200)}`));
    client.on("close", () => {
      this.clients = this.clients.filter((c) => c !== client);
      this.log(`charger ${client.identity} disconnected`);
    });
    const now = () => (this.options.now ? this.options.now() : new Date()).toISOString();
    const info = (idTag: string) => {
      const parent = this.parents[idTag.toUpperCase()];
      return parent ? { status: this.statusOf(idTag), parentIdTag: parent } : { status: this.statusOf(idTag) };
    };
    const record = (action: string, params: any) => {
      const call = { seq: ++this.seq, identity: client.identity as string, action, params };
      this.received.push(call);
      this.log(`${client.identity} ${action} ${JSON.stringify(params)}`);
      if (this.options.onCall) this.options.onCall(call);
    };
    client.handle("BootNotification", ({ params }: any) => {
      record("BootNotification", params);
      if (this.options.pushList) {
        const list = this.options.pushList;
        setTimeout(() => {
          this.sendLocalList(list.listVersion, "Full", list.entries, client.identity).catch((e) => this.log(`push list failed: ${e.message}`));
        }, 50);
      }
      return { status: "Accepted", currentTime: now(), interval: this.options.heartbeatIntervalS || 300 };
    });
    client.handle("Heartbeat", ({ params }: any) => {
      record("Heartbeat", params);
      return { currentTime: now() };
    });
    client.handle("StatusNotification", ({ params }: any) => {
      record("StatusNotification", params);
      return {};
    });
    client.handle("Authorize", ({ params }: any) => {
      record("Authorize", params);
      return { idTagInfo: info(params.idTag) };
    });
    client.handle("StartTransaction", ({ params }: any) => {
      record("StartTransaction", params);
      return { transactionId: this.nextTransactionId++, idTagInfo: info(params.idTag) };
    });
    client.handle("StopTransaction", ({ params }: any) => {
      record("StopTransaction", params);
      return params.idTag ? { idTagInfo: info(params.idTag) } : {};
    });
    client.handle("MeterValues", ({ params }: any) => {
      record("MeterValues", params);
      return {};
    });
    client.handle("DataTransfer", ({ params }: any) => {
      record("DataTransfer", params);
      return { status: "UnknownVendorId" };
    });
    client.handle(({ method, params }: any) => {
      record(method, params);
      throw createRPCError("NotImplemented");
    });
  }

  private log(line: string): void {
    if (this.options.log) this.options.log(`[cs] ${line}`);
  }
}
