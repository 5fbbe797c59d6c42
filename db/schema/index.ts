export * from "./accounts";
export * from "./ai";
export * from "./chat";
export * from "./marketplace";
export * from "./terminology";
export * from "./usage";
export * from "./workflows";
