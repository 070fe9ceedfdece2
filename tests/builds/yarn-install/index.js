require("left-pad");
setTimeout(() => {}, 3600000);
