'use strict';
// $connect as AWS's sample chat app (aws-samples/simple-websockets-chat-app, onconnect) describes it: the client is
// built once per instance at module load (Lambda's init phase), and each $connect puts one item, the connection id,
// into the connections table (its partition key: connectionId). Credentials and region come from the environment,
// as on Lambda; DYNAMODB_ENDPOINT points it at a local DynamoDB.
const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');

const ddb = new DynamoDBClient(process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT } : {});

exports.handler = async (event) => {
  try {
    await ddb.send(new PutItemCommand({
      TableName: process.env.TABLE_NAME,
      Item: { connectionId: { S: event.requestContext.connectionId } },
    }));
  } catch (err) {
    return { statusCode: 500, body: 'Failed to connect: ' + err.name };
  }
  return { statusCode: 200, body: 'Connected.' };
};
