const yaml = require("js-yaml");
const fs = require("fs");

function importPipeline(file) {
  return yaml.load(fs.readFileSync(file, "utf8"), { schema: yaml.JSON_SCHEMA });
}

module.exports = { importPipeline };
