import { RPCClient } from "ocpp-rpc";
import { LocalCentralSystem } from "../../../tools/sim/central-system";

describe("local Central System (ocpp-rpc, strict)", () => {
  let cs: LocalCentralSystem;
  afterEach(async () => {
    await cs.close();
  });

  async function charger(url: string, password?: string) {
    const cli = new RPCClient({ endpoint: url, identity: "CP1", protocols: ["ocpp1.6"], strictMode: true, password, reconnect: false } as any);
    await cli.connect();
    return cli;
  }

  test("answers Boot, Authorize and StartTransaction from its idTag table, case-insensitively", async () => {
    cs = new LocalCentralSystem({ idTags: { DEADBEEF: "Accepted", "04A1B2C3D4E5F6": "Blocked" }, heartbeatIntervalS: 60 });
    const url = await cs.listen();
    const cli = await charger(url);
    const boot: any = await cli.call("BootNotification", { chargePointVendor: "v", chargePointModel: "m" });
    expect(boot.status).toBe("Accepted");
    expect(boot.interval).toBe(60);
    expect(((await cli.call("Authorize", { idTag: "deadbeef" })) as any).idTagInfo.status).toBe("Accepted");
    expect(((await cli.call("Authorize", { idTag: "04a1b2c3d4e5f6" })) as any).idTagInfo.status).toBe("Blocked");
    expect(((await cli.call("Authorize", { idTag: "CAFE0001" })) as any).idTagInfo.status).toBe("Invalid");
    const start: any = await cli.call("StartTransaction", { connectorId: 1, idTag: "DEADBEEF", meterStart: 0, timestamp: new Date().toISOString() });
    expect(start.transactionId).toBe(1);
    expect(cs.lastTransactionId()).toBe(1);
    expect(cs.received.map((r) => r.action)).toEqual(["BootNotification", "Authorize", "Authorize", "Authorize", "StartTransaction"]);
    await cli.close();
  });

  test("calls the charger and rejects a missing password when a key is set", async () => {
    cs = new LocalCentralSystem({ authorizationKey: "secret-key" });
    const url = await cs.listen();
    await expect(charger(url)).rejects.toBeTruthy();
    const cli = await charger(url, "secret-key");
    cli.handle("GetLocalListVersion", (async () => ({ listVersion: 7 })) as any);
    await new Promise((r) => setTimeout(r, 20));
    expect(await cs.call("GetLocalListVersion", {})).toEqual({ listVersion: 7 });
    await cli.close();
  });

  test("strict mode refuses a malformed request from the charger", async () => {
    cs = new LocalCentralSystem({});
    const url = await cs.listen();
    const cli = new RPCClient({ endpoint: url, identity: "CP1", protocols: ["ocpp1.6"], strictMode: false, reconnect: false } as any);
    await cli.connect();
    await expect(cli.call("Authorize", { idTag: "X".repeat(21) })).rejects.toMatchObject({ rpcErrorCode: expect.stringMatching(/Constraint|Formation/) });
    await cli.close();
  });

  test("answers with the parentIdTag of the list it pushes, as a Central System knows its cards' groups", async () => {
    cs = new LocalCentralSystem({
      idTags: { A1B2C3D4: "Accepted", DEADBEEF: "Accepted" },
      pushList: { listVersion: 1, entries: [{ idTag: "a1b2c3d4", idTagInfo: { status: "Accepted", parentIdTag: "FAMILY" } }] },
    });
    const url = await cs.listen();
    const cli = await charger(url);
    expect(((await cli.call("Authorize", { idTag: "A1B2C3D4" })) as any).idTagInfo).toEqual({ status: "Accepted", parentIdTag: "FAMILY" });
    expect(((await cli.call("Authorize", { idTag: "DEADBEEF" })) as any).idTagInfo).toEqual({ status: "Accepted" });
    const start: any = await cli.call("StartTransaction", { connectorId: 1, idTag: "A1B2C3D4", meterStart: 0, timestamp: new Date().toISOString() });
    expect(start.idTagInfo).toEqual({ status: "Accepted", parentIdTag: "FAMILY" });
    await cli.close();
  });

  test("answers consistently with the lists it gave: status and group on file, explicit idTags first", async () => {
    cs = new LocalCentralSystem({ idTags: { CAFE0001: "Blocked" } });
    cs.learnList("Full", [
      { idTag: "04a1b2c3d4e5f6", idTagInfo: { status: "Accepted", parentIdTag: "FAMILY" } },
      { idTag: "CAFE0001", idTagInfo: { status: "Accepted" } },
    ]);
    const url = await cs.listen();
    const cli = await charger(url);
    const auth = async (idTag: string) => ((await cli.call("Authorize", { idTag })) as any).idTagInfo;
    expect(await auth("04A1B2C3D4E5F6")).toEqual({ status: "Accepted", parentIdTag: "FAMILY" });
    expect(await auth("CAFE0001")).toEqual({ status: "Blocked" });
    cs.learnList("Differential", [{ idTag: "04A1B2C3D4E5F6" }]);
    expect(await auth("04A1B2C3D4E5F6")).toEqual({ status: "Invalid" });
    await cli.close();
  });
});
