import { loadUnitConfig, saveUnitConfig, UNIT_FILE } from "../../../firmware/config/unit-file";
import { DEFAULT_UNIT_CONFIG } from "../../../firmware/config/default-unit";
import { UnitConfig } from "../../../firmware/config/unit-config";
import { SimStorage } from "../../../hal/sim/storage";

const store = () => new SimStorage({ pages: 8, pageSize: 512 });
const fileConfig = (): UnitConfig => ({ ...JSON.parse(JSON.stringify(DEFAULT_UNIT_CONFIG)), chargePointId: "UNIT-42", relay: "D4" });

describe("unit.json in flash", () => {
  test("no file: the compiled-in default, no problems", () => {
    expect(loadUnitConfig(store(), DEFAULT_UNIT_CONFIG)).toEqual({ config: DEFAULT_UNIT_CONFIG, source: "default", problems: [] });
  });

  test("a valid file is used, with the board default filled in", () => {
    const s = store();
    const c: Partial<UnitConfig> = fileConfig();
    delete c.board;
    s.write(UNIT_FILE, JSON.stringify(c));
    const loaded = loadUnitConfig(s, DEFAULT_UNIT_CONFIG);
    expect(loaded.source).toBe("file");
    expect(loaded.problems).toEqual([]);
    expect(loaded.config).toEqual({ ...fileConfig(), board: "ESP32" });
  });

  test("a file that is not JSON: default, and the reason", () => {
    const s = store();
    s.write(UNIT_FILE, '{"port": "/dev/ttyUSB0",');
    const loaded = loadUnitConfig(s, DEFAULT_UNIT_CONFIG);
    expect(loaded.config).toBe(DEFAULT_UNIT_CONFIG);
    expect(loaded.source).toBe("default");
    expect(loaded.problems.length).toBe(1);
    expect(loaded.problems[0]).toMatch(/^unit\.json: not valid JSON/);
  });

  test("a file with bad fields: default, and every problem prefixed with the file name", () => {
    const s = store();
    s.write(UNIT_FILE, JSON.stringify({ ...fileConfig(), relay: "D34", baud: -1 }));
    const loaded = loadUnitConfig(s, DEFAULT_UNIT_CONFIG);
    expect(loaded.config).toBe(DEFAULT_UNIT_CONFIG);
    expect(loaded.problems).toEqual([
      "unit.json: baud: expected a whole baud rate from 1200 to 4000000 (e.g. 115200), got -1",
      "unit.json: relay: D34 cannot be used as an output: D34 is input-only on the ESP32",
    ]);
  });

  test("a file cut short by a power loss (0xFF tail) is refused, not half-used", () => {
    const s = store();
    const text = JSON.stringify(fileConfig());
    s.write(UNIT_FILE, text.slice(0, 40), 0, text.length);
    const loaded = loadUnitConfig(s, DEFAULT_UNIT_CONFIG);
    expect(loaded.source).toBe("default");
    expect(loaded.problems[0]).toMatch(/not valid JSON/);
  });

  test("saveUnitConfig writes a config that loads back; a bad one throws CONFIG and writes nothing", () => {
    const s = store();
    saveUnitConfig(s, fileConfig());
    expect(loadUnitConfig(s, DEFAULT_UNIT_CONFIG)).toEqual({ config: fileConfig(), source: "file", problems: [] });
    const before = s.image().slice();
    let err: { code?: string; problems?: string[] } = {};
    try {
      saveUnitConfig(s, { ...fileConfig(), chargePointId: "" });
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.code).toBe("CONFIG");
    expect(err.problems![0]).toMatch(/^chargePointId: /);
    expect(s.image()).toEqual(before);
  });
});
