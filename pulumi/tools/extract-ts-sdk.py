"""Extracts type tokens and input names from a Pulumi provider's generated Node.js SDK (npm pack output).
usage: extract_ts.py PKGDIR SPEC.json OUT.json   SPEC: {"provider","version","from","resources":[file...],"types":[name...]}
A resource file (e.g. webpubsub/webPubSubHub) gives its token (the .js __pulumiType) and its Args interface (.d.ts);
a type name is ns.Interface (azure-native, in types/input.d.ts namespace ns) or Interface (top level of types/input.d.ts).
"""
import json, re, sys

def props(lines, start, indent):
    inputs, required = [], []
    i = start + 1
    pat = re.compile(r'^' + ' ' * indent + r'(readonly )?([A-Za-z_$][\w$]*)(\??):')
    close = ' ' * (indent - 4) + '}'
    while not lines[i].startswith(close):
        m = pat.match(lines[i])
        if m:
            inputs.append(m.group(2))
            if not m.group(3):
                required.append(m.group(2))
        i += 1
    return sorted(inputs), sorted(required)

def resource(pkg, f):
    js = open(f"{pkg}/{f}.js").read()
    token = re.search(r"__pulumiType = '([^']+)'", js).group(1)
    lines = open(f"{pkg}/{f}.d.ts").read().split('\n')
    cls = token.split(':')[-1].split('/')[-1]
    start = next(i for i, l in enumerate(lines) if l.startswith(f"export interface {cls}Args {{"))
    ins, req = props(lines, start, 4)
    cstart = next(i for i, l in enumerate(lines) if l.startswith(f"export declare class {cls} extends"))
    outs = []
    i = cstart + 1
    while not lines[i].startswith('}'):
        m = re.match(r'^    readonly ([A-Za-z_]\w*)!?: pulumi\.Output', lines[i])
        if m:
            outs.append(m.group(1))
        i += 1
    return token, {"inputs": ins, "required": req, "outputs": sorted(outs), "source": f"{f}.d.ts ({cls}Args, class {cls})"}

def function(pkg, f):
    js = open(f"{pkg}/{f}.js").read()
    token = re.search(r'invoke\("([^"]+)"', js).group(1)
    lines = open(f"{pkg}/{f}.d.ts").read().split('\n')
    base = f.split('/')[-1]
    cls = base[0].upper() + base[1:]
    start = next(i for i, l in enumerate(lines) if l.startswith(f"export interface {cls}Args {{"))
    ins, req = props(lines, start, 4)
    rstart = next(i for i, l in enumerate(lines) if l.startswith(f"export interface {cls}Result {{"))
    outs, _ = props(lines, rstart, 4)
    return token, {"inputs": ins, "required": req, "outputs": outs, "source": f"{f}.d.ts ({cls}Args, {cls}Result)"}

def type_(pkg, name, lines):
    if '.' in name:
        ns, iface = name.split('.')
        nsl = next(i for i, l in enumerate(lines) if l == f"export declare namespace {ns} {{")
        start = next(i for i in range(nsl, len(lines)) if lines[i] == f"    interface {iface} {{")
        ins, req = props(lines, start, 8)
    else:
        start = next(i for i, l in enumerate(lines) if l == f"export interface {name} {{")
        ins, req = props(lines, start, 4)
    return {"inputs": ins, "required": req, "source": f"types/input.d.ts ({name})"}

pkg, spec, out = sys.argv[1:4]
s = json.load(open(spec))
lines = open(f"{pkg}/types/input.d.ts").read().split('\n')
res = dict(resource(pkg, f) for f in s["resources"])
fns = dict(function(pkg, f) for f in s.get("functions", []))
types = {t: type_(pkg, t, lines) for t in s["types"]}
meta = json.load(open(f"{pkg}/package.json"))["pulumi"]
head = {"provider": s["provider"], "version": s["version"], "from": s["from"]}
if meta["version"] != s["version"]:
    sys.exit(f"the package is {meta['version']}, the spec {s['version']}")
if "server" in meta:  # a provider not published by Pulumi: where its plugin is downloaded from
    head["pluginDownloadURL"] = meta["server"]
json.dump({**head, "resources": res, "functions": fns, "types": types},
          open(out, "w"), indent=1)
open(out, "a").write("\n")
