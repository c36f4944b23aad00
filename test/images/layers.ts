// A small schema of the rpi-image-gen fields motcua's layers and configurations use.
//
// rpi-image-gen lints its own configuration (`rpi-image-gen metadata --lint`, `layer --describe`)
// but that needs its tooling, which cannot be fetched here. These checks stand in for it on
// what we write — the X-Env metadata of docs/layer/index.adoc (DEB822 inside `# METABEGIN` …
// `# METAEND`), the mmdebstrap keys we use, the config sections we set — plus what its lint
// cannot know: every layer name we name exists (ours, or one of the upstream layers listed
// below), every `$IGconf_motcua_*` a hook or value uses is declared, the files the hooks and
// mirrors name exist, and no two layers of a build provide the same capability.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

/**
 * The upstream layers we build on, as rpi-image-gen's layer reference names them, with the
 * capabilities (X-Env-Layer-Provides) and the layers they pull in, where it matters to us.
 */
export const UPSTREAM_LAYERS: Record<string, { provides?: string[]; requires?: string[] }> = {
  "debian-bookworm-arm64-multi": {},
  "rpi-debian-bookworm": {},
  "rpi-misc-utils": {},
  "rpi-essential-base": {},
  "rpi-misc-skel": {},
  "network-manager": { provides: ["network-activator", "network-renderer"] },
  "systemd-net-min": { provides: ["network-activator"] },
  "wireless-regulatory": { provides: ["wireless-regdb"] },
  chrony: { provides: ["time-daemon"] },
  "systemd-timesyncd": { provides: ["time-daemon"] },
  "fake-hwclock": {},
  "openssh-server": {},
  "sys-build-base": {},
  "bookworm-minbase": {
    requires: ["debian-bookworm-arm64-multi", "rpi-debian-bookworm", "systemd-net-min", "systemd-timesyncd"],
  },
  "image-rota": { provides: ["image"] },
  rpi4: { provides: ["device"] },
  rpi5: { provides: ["device"] },
};

/** Variables of upstream layers our hooks and values may use. */
const UPSTREAM_VARIABLES = new Set(["IGconf_sys_apt_keydir"]);

export interface Problem {
  file: string;
  message: string;
}

const layerName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "must be a layer name (lowercase, digits, dashes)");
const commaList = (item: z.ZodString) =>
  z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter((x) => x !== ""),
    )
    .pipe(z.array(item));

const metadataSchema = z.strictObject({
  "X-Env-Layer-Name": layerName,
  "X-Env-Layer-Category": z.string().min(1),
  "X-Env-Layer-Version": z
    .string()
    .regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/, "must be major.minor.patch without leading zeros"),
  "X-Env-Layer-Desc": z.string().min(1),
  "X-Env-Layer-Requires": commaList(layerName).optional(),
  "X-Env-Layer-Provides": z.string().optional(),
  "X-Env-VarPrefix": z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .optional(),
  "X-Env-VarRequires": commaList(z.string().regex(/^IGconf_[a-z0-9_]+$/)).optional(),
  "X-Env-VarRequires-Valid": z.string().optional(),
});

const VALID = /^(bool|string|int:\d+-\d+|regex:.+|keywords:.+|[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)+)$/;
const variableSchema = z.strictObject({
  default: z.string(),
  Desc: z.string().min(1),
  Required: z.enum(["y", "n"]),
  Valid: z.string().regex(VALID, "must be bool, string, int:A-B, regex:…, keywords:… or a list a,b,c"),
  Set: z.enum(["y", "n", "lazy", "immediate", "force", "skip"]),
});

const debPackage = z.string().regex(/^[a-z0-9][a-z0-9+.-]+$/, "must be a Debian package name");
const bodySchema = z
  .strictObject({
    mmdebstrap: z
      .strictObject({
        architectures: z.array(z.string()).optional(),
        mirrors: z.array(z.string().min(1)).optional(),
        "setup-hooks": z.array(z.string().min(1)).optional(),
        packages: z.array(debPackage).optional(),
        "customize-hooks": z.array(z.string().min(1)).optional(),
      })
      .optional(),
  })
  .nullable();

const size = z.string().regex(/^\d+[kKmMgGsS]?$|^\d+%$/, "must be a size such as 512M, 2G or 200%");
const configSchema = z.strictObject({
  include: z.strictObject({ file: z.string().min(1) }).optional(),
  device: z
    .strictObject({
      layer: layerName.optional(),
      hostname: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
      user1: z.string().regex(/^[a-z_][a-z0-9_-]*$/),
    })
    .partial(),
  image: z.strictObject({
    layer: layerName,
    name: z.string().regex(/^[A-Za-z0-9._-]+$/),
    boot_part_size: size.optional(),
    system_part_size: size.optional(),
    data_part_size: size.optional(),
  }),
  layer: z.record(z.string(), layerName),
  ieee80211: z.strictObject({ regdom: z.string().regex(/^[A-Z]{2}$/) }).optional(),
  motcua: z.record(z.string(), z.string()).optional(),
});

export interface Layer {
  file: string;
  name: string;
  requires: string[];
  provides: string[];
  prefix?: string;
  variables: Map<string, z.output<typeof variableSchema>>;
  body: z.output<typeof bodySchema>;
}

/** The `# METABEGIN` … `# METAEND` block as DEB822 fields (continuation lines joined). */
export function metadataOf(text: string): Map<string, string> | undefined {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.trim() === "# METABEGIN");
  const end = lines.findIndex((l) => l.trim() === "# METAEND");
  if (start < 0 || end < start) return undefined;
  const fields = new Map<string, string>();
  let last: string | undefined;
  for (const raw of lines.slice(start + 1, end)) {
    if (!raw.startsWith("#")) throw new Error(`a metadata line is not a comment: ${raw}`);
    const line = raw.replace(/^# ?/, "");
    if (line.trim() === "") {
      last = undefined;
      continue;
    }
    if (/^\s/.test(line)) {
      if (last === undefined) throw new Error(`a continuation line with no field: ${raw}`);
      fields.set(last, `${fields.get(last)}\n${line.trim()}`);
      continue;
    }
    const match = /^([A-Za-z0-9-]+):\s?(.*)$/.exec(line);
    if (!match) throw new Error(`not a "Field: value" line: ${raw}`);
    const [, key, value] = match as unknown as [string, string, string];
    if (fields.has(key)) throw new Error(`${key} appears twice`);
    fields.set(key, value.trim());
    last = key;
  }
  return fields;
}

function issues(file: string, error: z.ZodError, prefix = ""): Problem[] {
  return error.issues.map((i) => ({
    file,
    message: `${prefix}${i.path.map(String).join(".")}${i.path.length > 0 ? ": " : ""}${i.message}`,
  }));
}

/** Reads and checks one layer file. */
export function readLayer(file: string, problems: Problem[]): Layer | undefined {
  const text = readFileSync(file, "utf8");
  let fields: Map<string, string> | undefined;
  try {
    fields = metadataOf(text);
  } catch (error) {
    problems.push({ file, message: (error as Error).message });
    return undefined;
  }
  if (fields === undefined) {
    problems.push({ file, message: "no # METABEGIN … # METAEND block (the X-Env metadata is mandatory)" });
    return undefined;
  }
  const layerFields: Record<string, string> = {};
  const variables = new Map<string, Record<string, string>>();
  for (const [key, value] of fields) {
    const variable = /^X-Env-Var-([a-z0-9_]+?)(?:-(Desc|Required|Valid|Set))?$/.exec(key);
    if (variable && !key.startsWith("X-Env-VarPrefix") && !key.startsWith("X-Env-VarRequires")) {
      const [, name, attribute] = variable as unknown as [string, string, string | undefined];
      const entry = variables.get(name) ?? {};
      entry[attribute ?? "default"] = value;
      variables.set(name, entry);
    } else layerFields[key] = value.replace(/\n/g, " ");
  }
  const parsed = metadataSchema.safeParse(layerFields);
  // A layer whose metadata is wrong is still taken at its word (name, requires, variables), so
  // one mistake is reported once, not again by every layer and configuration that uses it.
  if (!parsed.success) problems.push(...issues(file, parsed.error, "metadata "));
  const meta = {
    data: parsed.success
      ? parsed.data
      : {
          "X-Env-Layer-Name": layerFields["X-Env-Layer-Name"] ?? basename(file, ".yaml"),
          "X-Env-Layer-Requires": (layerFields["X-Env-Layer-Requires"] ?? "")
            .split(",")
            .map((x) => x.trim())
            .filter((x) => x !== ""),
          "X-Env-Layer-Provides": layerFields["X-Env-Layer-Provides"],
          "X-Env-VarPrefix": layerFields["X-Env-VarPrefix"],
        },
  };
  const checked = new Map<string, z.output<typeof variableSchema>>();
  for (const [name, entry] of variables) {
    const result = variableSchema.safeParse(entry);
    if (result.success) checked.set(name, result.data);
    else {
      problems.push(...issues(file, result.error, `X-Env-Var-${name} `));
      checked.set(name, {
        default: entry.default ?? "",
        Desc: entry.Desc ?? "",
        Required: entry.Required === "y" ? "y" : "n",
        Valid: entry.Valid ?? "string",
        Set: "y",
      });
    }
  }
  if (variables.size > 0 && meta.data["X-Env-VarPrefix"] === undefined)
    problems.push({ file, message: "declares variables without X-Env-VarPrefix" });
  const bodyText = text.split(/^---$/m)[1];
  let body: unknown = null;
  try {
    body = bodyText === undefined ? null : parseYaml(bodyText);
  } catch (error) {
    problems.push({ file, message: `the YAML after --- is not valid: ${(error as Error).message}` });
    return undefined;
  }
  const parsedBody = bodySchema.safeParse(body ?? null);
  if (!parsedBody.success) {
    problems.push(...issues(file, parsedBody.error, "body "));
    return undefined;
  }
  const name = meta.data["X-Env-Layer-Name"];
  if (basename(file, ".yaml") !== name)
    problems.push({ file, message: `the file should be named after its layer: ${name}.yaml` });
  return {
    file,
    name,
    requires: meta.data["X-Env-Layer-Requires"] ?? [],
    provides: (meta.data["X-Env-Layer-Provides"] ?? "").split(/[,\s]+/).filter((s) => s !== ""),
    ...(meta.data["X-Env-VarPrefix"] !== undefined ? { prefix: meta.data["X-Env-VarPrefix"] } : {}),
    variables: checked,
    body: parsedBody.data,
  };
}

/** Every layer of the build a configuration asks for, ours and the upstream ones we know. */
function closure(names: string[], layers: Map<string, Layer>): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const next of layers.get(name)?.requires ?? UPSTREAM_LAYERS[name]?.requires ?? []) visit(next);
  };
  for (const name of names) visit(name);
  return [...seen];
}

/**
 * Checks `dir/layer/*.yaml` and `dir/config/*.yaml` (rpi-image-gen's source-directory layout,
 * `rpi-image-gen build -S dir -c <config>`). Returns every problem; empty when all is well.
 */
export function checkImageSources(dir: string): { problems: Problem[]; layers: number; configs: number } {
  const problems: Problem[] = [];
  const layers = new Map<string, Layer>();
  const layerDir = join(dir, "layer");
  for (const entry of readdirSync(layerDir).filter((f) => f.endsWith(".yaml"))) {
    const layer = readLayer(join(layerDir, entry), problems);
    if (layer) layers.set(layer.name, layer);
  }
  // What a ${VAR} or $VAR may name: our declared variables, and the upstream ones we use.
  const declared = new Map<string, { layer: Layer; valid: string; default: string }>();
  for (const layer of layers.values())
    for (const [name, variable] of layer.variables)
      declared.set(`IGconf_${layer.prefix}_${name}`, {
        layer,
        valid: variable.Valid,
        default: variable.default,
      });
  // ${DIRECTORY} is the folder of the layer file: all of ours are in layerDir.
  const expand = (value: string): string =>
    value
      .replace(/\$\{DIRECTORY\}/g, layerDir)
      .replace(/\$\{?(IGconf_[a-z0-9_]+)\}?/g, (whole: string, name: string): string => {
        const variable = declared.get(name);
        return variable !== undefined ? expand(variable.default) : whole;
      });
  for (const layer of layers.values()) {
    const mmdebstrap = layer.body?.mmdebstrap;
    const strings = [
      ...(mmdebstrap?.mirrors ?? []),
      ...(mmdebstrap?.["setup-hooks"] ?? []),
      ...(mmdebstrap?.["customize-hooks"] ?? []),
    ];
    for (const text of strings)
      for (const [, name] of text.matchAll(/\$\{?(IGconf_[a-z0-9_]+)\}?/g))
        if (!declared.has(name as string) && !UPSTREAM_VARIABLES.has(name as string))
          problems.push({ file: layer.file, message: `${name} is declared by no layer` });
    for (const mirror of mmdebstrap?.mirrors ?? []) {
      const path = expand(mirror);
      if (!existsSync(path))
        problems.push({ file: layer.file, message: `mirror file ${mirror} (${path}) does not exist` });
    }
    for (const hook of mmdebstrap?.["customize-hooks"] ?? []) {
      const program = expand(hook).split(/\s+/)[0] as string;
      if (program.startsWith("/") || program.startsWith("."))
        if (!existsSync(program) || (statSync(program).mode & 0o111) === 0)
          problems.push({
            file: layer.file,
            message: `the hook's program ${resolve(program)} is missing or not executable`,
          });
    }
    for (const required of layer.requires)
      if (!layers.has(required) && !(required in UPSTREAM_LAYERS))
        problems.push({
          file: layer.file,
          message: `requires "${required}", a layer neither ours nor known upstream`,
        });
  }

  const configDir = join(dir, "config");
  const configs = readdirSync(configDir).filter((f) => f.endsWith(".yaml"));
  for (const entry of configs) {
    const file = join(configDir, entry);
    const result = configSchema.safeParse(parseYaml(readFileSync(file, "utf8")));
    if (!result.success) {
      problems.push(...issues(file, result.error));
      continue;
    }
    const config = result.data;
    const named = [
      ...Object.values(config.layer),
      config.image.layer,
      ...(config.device.layer !== undefined ? [config.device.layer] : []),
    ];
    for (const name of named)
      if (!layers.has(name) && !(name in UPSTREAM_LAYERS))
        problems.push({ file, message: `layer "${name}" is neither ours nor a known upstream layer` });
    for (const [key, value] of Object.entries(config.motcua ?? {})) {
      const variable = declared.get(`IGconf_motcua_${key}`);
      if (variable === undefined) problems.push({ file, message: `motcua.${key}: no layer declares it` });
      else if (
        variable.valid.includes(",") &&
        !variable.valid.startsWith("regex:") &&
        !variable.valid.split(",").includes(value)
      )
        problems.push({ file, message: `motcua.${key}: "${value}" is not one of ${variable.valid}` });
    }
    // Only one layer of a build may provide a capability (rpi-image-gen refuses two).
    const providers = new Map<string, string>();
    for (const name of closure(named, layers)) {
      for (const capability of layers.get(name)?.provides ?? UPSTREAM_LAYERS[name]?.provides ?? []) {
        const other = providers.get(capability);
        if (other !== undefined && other !== name)
          problems.push({ file, message: `"${other}" and "${name}" both provide ${capability}` });
        providers.set(capability, name);
      }
    }
  }
  return { problems, layers: layers.size, configs: configs.length };
}
