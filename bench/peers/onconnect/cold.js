'use strict';
// The Node child of Switchboard's cold-start benchmark (ColdStartBenchmark), the peer of FirstConnect.java: loads the
// handler module (Lambda's init phase: the SDK client is built at module scope), hands it one API Gateway $connect
// event and prints `HANDLED initMs=.. firstRequestMs=.. <response>`, then exits.
// Arguments: the event file (JSON) and the connection id to put in it.
const fs = require('fs');
const path = require('path');

const event = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
event.requestContext.connectionId = process.argv[3];
const t0 = process.hrtime.bigint();
const { handler } = require(path.join(__dirname, 'index.js'));
const t1 = process.hrtime.bigint();
handler(event).then((response) => {
  const t2 = process.hrtime.bigint();
  const ms = (a, b) => Number(b - a) / 1e6;
  process.stdout.write(`HANDLED initMs=${ms(t0, t1)} firstRequestMs=${ms(t1, t2)} ${JSON.stringify(response)}\n`,
    () => process.exit(0));
});
