// `@nutui/nutui-react-taro` for the jsdom tests: the package main is a UMD bundle that
// loads lottie-web and crashes in jsdom, so import the components the app uses one by one
// (the build does the same through babel-plugin-import).
export { Button } from '@nutui/nutui-react-taro/dist/es/packages/button/button.js';
export { Cell } from '@nutui/nutui-react-taro/dist/es/packages/cell/cell.js';
export { BaseDialog as Dialog } from '@nutui/nutui-react-taro/dist/es/packages/dialog/dialog.js';
export { Empty } from '@nutui/nutui-react-taro/dist/es/packages/empty/empty.js';
export { Input } from '@nutui/nutui-react-taro/dist/es/packages/input/input.js';
export { InputNumber } from '@nutui/nutui-react-taro/dist/es/packages/inputnumber/inputnumber.js';
export { Progress } from '@nutui/nutui-react-taro/dist/es/packages/progress/progress.js';
export { default as Radio } from '@nutui/nutui-react-taro/dist/es/packages/radio/index.js';
export { Segmented } from '@nutui/nutui-react-taro/dist/es/packages/segmented/segmented.js';
export { Switch } from '@nutui/nutui-react-taro/dist/es/packages/switch/switch.js';
export { Tag } from '@nutui/nutui-react-taro/dist/es/packages/tag/tag.js';
export { Toast } from '@nutui/nutui-react-taro/dist/es/packages/toast/toast.js';
