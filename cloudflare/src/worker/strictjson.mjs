// A strict JSON reader (RFC 8259) for token headers and claims, with the exact grammar of the authorizer's
// lambdas/.../auth/StrictJson.java: no duplicate member names (compared after unescaping), whitespace only space, tab,
// CR and LF, no comments, no trailing commas, no leading zeros, no unescaped control characters in strings, nesting
// at most MAX_DEPTH deep, nothing after the value. Objects have no prototype (a "__proto__" member is a member).

export const MAX_DEPTH = 32;

class Reader {
  constructor(text) {
    this.text = text;
    this.pos = 0;
  }

  error(what) {
    return new SyntaxError(`${what} at offset ${this.pos}`);
  }

  peek() {
    return this.pos < this.text.length ? this.text.charCodeAt(this.pos) : -1;
  }

  ws() {
    for (;;) {
      const c = this.peek();
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.pos++;
    }
  }

  expect(ch) {
    if (this.peek() !== ch.charCodeAt(0)) throw this.error(`expected '${ch}'`);
    this.pos++;
  }

  value(depth) {
    if (depth > MAX_DEPTH) throw this.error("nested too deeply");
    this.ws();
    const c = this.peek();
    if (c === 0x7b) return this.object(depth);
    if (c === 0x5b) return this.array(depth);
    if (c === 0x22) return this.string();
    if (c === 0x74) return this.literal("true", true);
    if (c === 0x66) return this.literal("false", false);
    if (c === 0x6e) return this.literal("null", null);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    throw this.error("unexpected character");
  }

  object(depth) {
    this.pos++;
    const members = Object.create(null);
    this.ws();
    if (this.peek() === 0x7d) {
      this.pos++;
      return members;
    }
    for (;;) {
      this.ws();
      if (this.peek() !== 0x22) throw this.error("expected a member name");
      const name = this.string();
      this.ws();
      this.expect(":");
      const v = this.value(depth + 1);
      if (Object.prototype.hasOwnProperty.call(members, name)) throw this.error("duplicate member name");
      Object.defineProperty(members, name, { value: v, enumerable: true, writable: true, configurable: true });
      this.ws();
      if (this.peek() === 0x2c) {
        this.pos++;
      } else {
        this.expect("}");
        return members;
      }
    }
  }

  array(depth) {
    this.pos++;
    const items = [];
    this.ws();
    if (this.peek() === 0x5d) {
      this.pos++;
      return items;
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.ws();
      if (this.peek() === 0x2c) {
        this.pos++;
      } else {
        this.expect("]");
        return items;
      }
    }
  }

  string() {
    this.pos++;
    let out = "";
    for (;;) {
      const c = this.peek();
      if (c < 0) throw this.error("unterminated string");
      this.pos++;
      if (c === 0x22) return out;
      if (c < 0x20) throw this.error("control character in a string");
      if (c !== 0x5c) {
        out += String.fromCharCode(c);
        continue;
      }
      const e = this.text[this.pos++];
      const simple = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" }[e];
      if (simple !== undefined) {
        out += simple;
      } else if (e === "u") {
        const hex = this.text.slice(this.pos, this.pos + 4);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) throw this.error("bad \\u escape");
        this.pos += 4;
        out += String.fromCharCode(parseInt(hex, 16));
      } else {
        throw this.error("bad escape");
      }
    }
  }

  number() {
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(this.text.slice(this.pos));
    if (!m) throw this.error("bad number");
    this.pos += m[0].length;
    return Number(m[0]);
  }

  literal(word, value) {
    if (!this.text.startsWith(word, this.pos)) throw this.error("unexpected word");
    this.pos += word.length;
    return value;
  }
}

/** The JSON object `text` holds; throws SyntaxError when it holds anything else. */
export function jsonObject(text) {
  const r = new Reader(text);
  r.ws();
  if (r.peek() !== 0x7b) throw r.error("not a JSON object");
  const v = r.value(0);
  r.ws();
  if (r.pos !== text.length) throw r.error("text after the value");
  return v;
}
