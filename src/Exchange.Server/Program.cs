using Exchange.Server.Hosting;

var app = GatewayApp.Create(args);
await app.RunAsync();
